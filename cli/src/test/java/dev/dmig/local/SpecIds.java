package dev.dmig.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The ID function written again straight from docs/ID-MAPPING.md, so tests do not check dmig against itself. */
public final class SpecIds {
    private SpecIds() {}

    public static String newId(String namespace, String model, String oldId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] input = (namespace + "\u001f" + model + "\u001f" + oldId).getBytes(StandardCharsets.UTF_8);
            byte[] b = java.util.Arrays.copyOf(sha.digest(input), 16);
            b[6] = (byte) ((b[6] & 0x0F) | 0x80);
            b[8] = (byte) ((b[8] & 0x3F) | 0x80);
            String h = HexFormat.of().formatHex(b);
            return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
