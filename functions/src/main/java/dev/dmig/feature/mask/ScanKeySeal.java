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
 * A source key sealed for a checkpoint ({@code {"sealed": "<base64>"}}): AES-256-GCM under a key drawn from the masking
 * key (its HMAC of a fixed text), with a random nonce, so that where a scan stands in a table keyed by personal values
 * is in the run's artifacts as nothing readable without the masking key, and the process that resumes the run (which
 * holds the key the run began with, {@link RunKey}) opens it.
 */
final class ScanKeySeal {
    static final String FIELD = "sealed";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    ScanKeySeal(MaskKey masking) {
        byte[] derived = masking.mac().doFinal("dmig scan key seal".getBytes(StandardCharsets.UTF_8));
        this.key = new SecretKeySpec(derived, "AES");
    }

    /** {@code key} sealed. */
    JsonNode sealed(JsonNode plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(Json.MAPPER.writeValueAsBytes(plain));
            byte[] all = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return Json.MAPPER.createObjectNode().put(FIELD, Base64.getEncoder().encodeToString(all));
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("could not seal a scan's place with AES-GCM", e);
        }
    }

    /** A key {@link #sealed} made, opened; one it did not make (a checkpoint of an earlier version) as it is. */
    JsonNode opened(JsonNode kept) {
        if (kept == null || !kept.isObject() || kept.size() != 1 || !kept.path(FIELD).isTextual()) {
            return kept;
        }
        byte[] all = Base64.getDecoder().decode(kept.get(FIELD).asText());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return Json.MAPPER.readTree(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a checkpoint's place was sealed under another masking key than this process's;"
                    + " resume the run with the key it began with", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
