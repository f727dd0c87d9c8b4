package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code S3ArtifactStore.putStreaming} against the real embedded S3 server: one PutObject below a
 * part, a multipart upload above, and an aborted upload (no object) when the writer fails.
 */
class S3StreamingUploadIT {
    private static final int MB = 1024 * 1024;

    private final S3Client s3 = SharedStack.s3();
    private final S3ArtifactStore store = new S3ArtifactStore(s3, SharedStack.BUCKET);

    @Test
    void smallObject_isStoredWhole() {
        byte[] body = bytes(1_000, 1);
        store.putStreaming("streaming-it/small.csv", "text/csv", out -> out.write(body));
        assertThat(store.get("streaming-it/small.csv")).hasValueSatisfying(stored -> assertThat(stored).isEqualTo(body));
    }

    @Test
    void objectOfSeveralParts_isStoredByteForByte_writtenInOddSizedPieces() throws Exception {
        byte[] body = bytes(20 * MB + 12_345, 2);
        store.putStreaming("streaming-it/big.csv", "text/csv", out -> {
            int offset = 0;
            int piece = 1;
            while (offset < body.length) {
                int n = Math.min(piece, body.length - offset);
                if (n == 1) {
                    out.write(body[offset]);
                } else {
                    out.write(body, offset, n);
                }
                offset += n;
                piece = piece * 3 + 7;
            }
        });
        byte[] stored = store.get("streaming-it/big.csv").orElseThrow();
        assertThat(stored.length).isEqualTo(body.length);
        assertThat(sha256(stored)).isEqualTo(sha256(body));
        assertThat(s3.headObject(b -> b.bucket(SharedStack.BUCKET).key("streaming-it/big.csv")).contentType()).isEqualTo("text/csv");
    }

    @Test
    void writerFailingAfterTheFirstPart_leavesNoObject() {
        byte[] chunk = bytes(MB, 3);
        assertThatThrownBy(() -> store.putStreaming("streaming-it/failed.csv", "text/csv", out -> {
            for (int i = 0; i < 10; i++) {
                out.write(chunk);
            }
            throw new IOException("journal unreadable");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("journal unreadable");
        assertThat(store.get("streaming-it/failed.csv")).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(SharedStack.BUCKET).prefix("streaming-it/failed")).uploads()).isEmpty();
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
