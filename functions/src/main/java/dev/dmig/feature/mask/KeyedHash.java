package dev.dmig.feature.mask;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * HMAC-SHA-256 under the masking key of a value with its kind: what a masked value is made of, and nothing else (neither
 * its table, nor its attribute, nor the run), so that one source value masks alike wherever it is. {@code attempt}
 * draws again, for a fake that came out equal to its source value.
 */
final class KeyedHash {
    private final ThreadLocal<Mac> macs;

    KeyedHash(MaskKey key) {
        this.macs = ThreadLocal.withInitial(key::mac);
    }

    /** The 32 bytes of the hash of {@code value} as a {@code kind}, the {@code attempt}th time. */
    ByteBuffer of(MaskKind kind, String value, int attempt) {
        Mac mac = macs.get();
        mac.update(kind.planName().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(value.getBytes(StandardCharsets.UTF_8));
        if (attempt > 0) {
            mac.update((byte) 0);
            mac.update(Integer.toString(attempt).getBytes(StandardCharsets.UTF_8));
        }
        return ByteBuffer.wrap(mac.doFinal());
    }
}
