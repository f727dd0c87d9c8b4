package dev.dmig.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The part sizes of multipart copies and streamed uploads, within S3's 10,000 parts. */
class S3ObjectStorePartsTest {
    private static final long MB = 1024L * 1024;
    private static final long TB = 1024L * 1024 * MB;

    @Test
    void aCopyOfFiveTerabytes_takesLargerParts_soThatItFitsInTenThousand() {
        long size = 5 * TB;

        long part = S3ObjectStore.partSize("prod", "big.bin", size, S3ObjectStore.COPY_PART, S3ObjectStore.MAX_PART_BYTES);

        assertThat(part).isGreaterThan(S3ObjectStore.COPY_PART);
        assertThat((size + part - 1) / part).isLessThanOrEqualTo(S3ObjectStore.MAX_PARTS);
    }

    @Test
    void aSmallerCopy_keepsTheUsualPart() {
        assertThat(S3ObjectStore.partSize("prod", "video.mp4", 40L * 1024 * MB, S3ObjectStore.COPY_PART, S3ObjectStore.MAX_PART_BYTES))
                .isEqualTo(S3ObjectStore.COPY_PART);
    }

    @Test
    void aStreamedObject_needingPartsOverWhatIsHeldInMemory_isRefusedInOneLine() {
        long size = 10_000L * S3ObjectStore.STREAM_PART_LIMIT + 1;

        assertThatThrownBy(() -> S3ObjectStore.partSize("prod", "public/huge.bin", size, S3ObjectStore.STREAM_PART,
                S3ObjectStore.STREAM_PART_LIMIT))
                .isInstanceOf(ObjectTooLargeException.class)
                .hasMessage("object public/huge.bin (" + size + " bytes) would take parts of 134217729 bytes to copy into bucket prod"
                        + " in S3's 10,000 parts, more than dmig copies a part at a time (134217728 bytes): copy it with the AWS CLI"
                        + " (aws s3 cp) and keep it out of the plan's files");
    }
}
