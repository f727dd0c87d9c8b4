package dev.dmig.identity;

import dev.dmig.json.Json;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two secrets a run's identity map is built with, each made for the run (256 random bits) and kept in an artifact
 * of its own, never in the artifact whose values it keys or seals.
 * <ul>
 *   <li>The match secret keys the HMAC that stands for each user's pairing attribute (their email) in the pools'
 *   listings: a guessed email cannot be tested against a listing without it. Analysis deletes it, every version, with
 *   the listings once the map is frozen: after that nothing the run keeps can be tested against a guess.</li>
 *   <li>The name key seals (AES-256-GCM) the usernames that are emails or phone numbers ({@link Usernames}), in the
 *   listings and the frozen map, which hold them masked besides. It is kept with the run: every step that maps an owner
 *   ({@code <sub>::<username>}) needs the real username, a resumed run and {@code dmig validate} among them.</li>
 * </ul>
 */
final class RunSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Match keys are HMAC-SHA-256 cut to 128 bits: no two values of a pool meet by chance. */
    private static final int MATCH_KEY_BYTES = 16;
    private static final String OCTETS = "application/octet-stream";

    private final ArtifactStore artifacts;
    private final String runId;
    private byte[] matchSecret;
    private byte[] nameKey;

    RunSecrets(ArtifactStore artifacts, String runId) {
        this.artifacts = artifacts;
        this.runId = runId;
    }

    /** The match key of {@code value}: hex of its HMAC under the run's match secret (made on first use). */
    String matchKey(String value) {
        if (matchSecret == null) {
            matchSecret = secret(RunLayout.identityMatchSecret(runId));
        }
        return matchKey(matchSecret, value);
    }

    /** The match key of {@code value} under {@code secret}: hex of its HMAC-SHA-256, cut to 128 bits. */
    static String matchKey(byte[] secret, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, MATCH_KEY_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Which match secret keyed a listing: a digest of it, which says nothing of it. A listing keyed by another (a secret
     * lost, or a listing made before match keys had one) is listed again.
     */
    String matchSecretId() {
        if (matchSecret == null) {
            matchSecret = secret(RunLayout.identityMatchSecret(runId));
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("dmig match secret".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(matchSecret), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the match secret, every version: once the map is frozen, no match key is kept or can be made again. */
    void forgetMatchSecret() {
        artifacts.deleteEveryVersion(RunLayout.identityMatchSecret(runId));
        matchSecret = null;
    }

    /**
     * {@code names} sealed for the artifact at {@code place} (which the seal is bound to: it opens nowhere else); null
     * when there is none to seal.
     */
    String seal(String place, Map<String, String> names) {
        if (names.isEmpty()) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, place);
            byte[] sealed = cipher.doFinal(Json.bytes(new TreeMap<>(names)));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #seal} sealed at {@code place}; empty for null. */
    @SuppressWarnings("unchecked") // the sealed JSON is a map of strings, as seal wrote it
    Map<String, String> open(String place, String sealed) {
        if (sealed == null) {
            return Map.of();
        }
        String keyName = RunLayout.identityNameKey(runId);
        if (nameKey == null) {
            nameKey = artifacts.get(keyName).orElseThrow(() -> new RunInputInvalidException("run " + runId + ": " + place
                    + " holds sealed usernames, but the run's key " + keyName + " is gone; start the run again"));
        }
        byte[] bytes = Base64.getDecoder().decode(sealed);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), place);
            byte[] json = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Json.read(json, Map.class);
        } catch (GeneralSecurityException e) {
            throw new RunInputInvalidException("run " + runId + ": the usernames sealed in " + place + " do not open with the "
                    + "run's key " + keyName + " (it or they were changed); start the run again");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String place) throws GeneralSecurityException {
        if (nameKey == null) {
            nameKey = secret(RunLayout.identityNameKey(runId));
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(nameKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(place.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** The secret at {@code key}, made there when there is none (the first of two racing calls wins, and both use it). */
    private byte[] secret(String key) {
        return artifacts.get(key).orElseGet(() -> {
            byte[] made = new byte[KEY_BYTES];
            RANDOM.nextBytes(made);
            artifacts.putIfAbsent(key, made, OCTETS);
            return artifacts.get(key).orElseThrow(() -> new IllegalStateException(key + " was not kept"));
        });
    }
}
