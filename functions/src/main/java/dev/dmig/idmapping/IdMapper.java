package dev.dmig.idmapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic ID function of {@code docs/ID-MAPPING.md}: a UUIDv8 made from
 * SHA-256(namespace 0x1F model 0x1F oldId). No mapping table exists anywhere; every segment,
 * retry and resumed run computes the same new ID on its own.
 */
public final class IdMapper {
    private static final byte SEPARATOR = 0x1F;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] namespace;
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(IdMapper::newDigest);

    public IdMapper(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("the ID namespace must not be empty");
        }
        this.namespace = namespace.getBytes(StandardCharsets.UTF_8);
    }

    /** The new ID of record {@code oldId} of {@code model} (the logical model name, without suffix). */
    public String newId(String model, String oldId) {
        if (oldId == null || oldId.isEmpty()) {
            throw new IllegalArgumentException("model " + model + ": an empty ID cannot be mapped");
        }
        byte[] modelBytes = model.getBytes(StandardCharsets.UTF_8);
        byte[] oldBytes = oldId.getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = sha256.get();
        // A digest left half-fed by an earlier failure on this thread must not leak into this ID.
        digest.reset();
        digest.update(namespace);
        digest.update(SEPARATOR);
        digest.update(modelBytes);
        digest.update(SEPARATOR);
        digest.update(oldBytes);
        byte[] b = digest.digest();
        b[6] = (byte) ((b[6] & 0x0F) | 0x80);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        char[] out = new char[36];
        int o = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[o++] = '-';
            }
            out[o++] = HEX[(b[i] >> 4) & 0xF];
            out[o++] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
