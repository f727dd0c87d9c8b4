package dev.dmig.feature.mask;

import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user's masking key, read from the environment variable the plan names ({@code mask.keyFrom}) by the process that
 * runs the steps: the dmig process locally, each Lambda function on AWS. It is never written anywhere: what a run records
 * of it is its {@link #fingerprint}, a keyed hash that tells two keys apart without saying either.
 */
final class MaskKey {
    static final int MIN_LENGTH = 16;

    private final SecretKeySpec secret;
    private final String variable;

    private MaskKey(String variable, byte[] secret) {
        this.variable = variable;
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The key {@code variable} holds; refuses the run, in one line naming the variable and the fix, when it holds none. */
    static MaskKey from(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw refused(variable + " is not set: the plan masks values with the key it holds; set it to a secret of at least "
                    + MIN_LENGTH + " characters (the same one for every run whose masked values must agree), or name another"
                    + " variable in \"mask\": {\"keyFrom\": \"…\"}");
        }
        if (value.length() < MIN_LENGTH) {
            throw refused(variable + " holds " + value.length() + " characters: a masking key needs at least " + MIN_LENGTH
                    + "; set it to a longer secret");
        }
        return of(variable, value);
    }

    /** The key {@code secret}, as {@code variable} would hold it. */
    static MaskKey of(String variable, String secret) {
        return new MaskKey(variable, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static PlanInvalidException refused(String message) {
        return new PlanInvalidException(List.of(Problem.plan("mask.keyFrom: " + message)));
    }

    /** A new HMAC-SHA-256 under this key. */
    Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The first 8 bytes of the key's hash of a fixed text, in hex: the same for one key, another for another. */
    String fingerprint() {
        byte[] hash = mac().doFinal("dmig mask key fingerprint".getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 8);
    }

    String variable() {
        return variable;
    }

    @Override
    public String toString() {
        return "MaskKey[" + variable + ", " + fingerprint() + "]";
    }
}
