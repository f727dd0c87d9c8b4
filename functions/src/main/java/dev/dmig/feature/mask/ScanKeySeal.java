package dev.dmig.feature.mask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A source key sealed for the run's artifacts: where a scan stands, for a checkpoint ({@code {"sealed": "<base64>"}}), and
 * an object's source key, for the journal ({@code sealed:<base64>}). AES-256-GCM under a key drawn from the masking key
 * (its HMAC of a fixed text), with a random nonce, so that a key holding a personal value is in the run's artifacts as
 * nothing readable without the masking key, and the process that resumes or rolls back the run (which holds the key the
 * run began with, {@link RunKey}) opens it.
 */
final class ScanKeySeal {
    static final String FIELD = "sealed";
    /** What a sealed text starts with. */
    static final String TEXT = "sealed:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    ScanKeySeal(MaskKey masking) {
        byte[] derived = masking.mac().doFinal("dmig scan key seal".getBytes(StandardCharsets.UTF_8));
        this.key = new SecretKeySpec(derived, "AES");
    }

    /** A text sealed ({@value #TEXT}, then the base64 of nonce and cipher text). */
    String sealedText(String plain) {
        return TEXT + Base64.getEncoder().encodeToString(seal(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** A text {@link #sealedText} made, opened; one it did not make (a journal of an earlier version) as it is. */
    String openedText(String kept) {
        if (kept == null || !kept.startsWith(TEXT)) {
            return kept;
        }
        return new String(open(Base64.getDecoder().decode(kept.substring(TEXT.length()))), StandardCharsets.UTF_8);
    }

    /** {@code key} sealed. */
    JsonNode sealed(JsonNode plain) {
        try {
            return Json.MAPPER.createObjectNode().put(FIELD, Base64.getEncoder().encodeToString(seal(Json.MAPPER.writeValueAsBytes(plain))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a scan's place as JSON", e);
        }
    }

    /** A key {@link #sealed} made, opened; one it did not make (a checkpoint of an earlier version) as it is. */
    JsonNode opened(JsonNode kept) {
        if (kept == null || !kept.isObject() || kept.size() != 1 || !kept.path(FIELD).isTextual()) {
            return kept;
        }
        try {
            return Json.MAPPER.readTree(open(Base64.getDecoder().decode(kept.get(FIELD).asText())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Nonce, then cipher text and tag. */
    private byte[] seal(byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal with AES-GCM", e);
        }
    }

    private byte[] open(byte[] all) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a key the run keeps was sealed under another masking key than this process's;"
                    + " resume or roll back the run with the key it began with", e);
        }
    }
}
