package dev.dmig.feature.mask;

import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user's masking key, read by the process that runs the steps: the dmig process locally, from the environment
 * variable the plan names ({@code mask.keyFrom}); each Lambda function that masks on AWS, from the secret the stack names
 * ({@link MaskKeySecret}). It is never written anywhere: what a run records of it is where it came from and its
 * {@link #fingerprint}, a keyed hash that tells two keys apart without saying either.
 */
final class MaskKey {
    static final int MIN_LENGTH = 16;
    /** Set in every Lambda function's environment: a process that has it runs on a stack. */
    private static final String LAMBDA_FUNCTION = "AWS_LAMBDA_FUNCTION_NAME";

    private final SecretKeySpec secret;
    private final String variable;

    private MaskKey(String variable, byte[] secret) {
        this.variable = variable;
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * The key of this process: the stack's secret when the functions are told one ({@link MaskKeySecret}), else what
     * {@code variable} holds; refuses the run, in one line naming where the key was looked for and the fix, when there is
     * none.
     */
    static MaskKey from(String variable) {
        return from(variable, System.getenv(), MaskKeySecret::of);
    }

    /** As {@link #from(String)}, in the environment {@code env}, with {@code secrets} reading the secret an ARN names. */
    static MaskKey from(String variable, Map<String, String> env, Function<String, MaskKeySecret> secrets) {
        String arn = env.get(MaskKeySecret.VARIABLE);
        if (arn != null && !arn.isBlank()) {
            MaskKeySecret secret = secrets.apply(arn.strip());
            String source = secret.source(variable);
            return checked(source, secret.key(variable), "put a longer secret in it");
        }
        String value = env.get(variable);
        if ((value == null || value.isBlank()) && env.containsKey(LAMBDA_FUNCTION)) {
            throw refused(variable + " is not set, and this stack names no masking key: redeploy it with the parameter "
                    + MaskKeySecret.PARAMETER + " set to the ARN of a Secrets Manager secret that holds the key (docs/aws.md)");
        }
        if (value == null || value.isBlank()) {
            throw refused(variable + " is not set: the plan masks values with the key it holds; set it to a secret of at least "
                    + MIN_LENGTH + " characters (the same one for every run whose masked values must agree), or name another"
                    + " variable in \"mask\": {\"keyFrom\": \"…\"}");
        }
        return checked(variable, value, "set it to a longer secret");
    }

    /** The key {@code value}, from {@code source}; refused in one line, with {@code fix}, when it is too short. */
    private static MaskKey checked(String source, String value, String fix) {
        if (value.length() < MIN_LENGTH) {
            throw refused(source + " holds " + value.length() + " characters: a masking key needs at least " + MIN_LENGTH
                    + "; " + fix);
        }
        return of(source, value);
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

    /** Where the key came from: the variable, or the secret (and its field). */
    String variable() {
        return variable;
    }

    @Override
    public String toString() {
        return "MaskKey[" + variable + ", " + fingerprint() + "]";
    }
}
