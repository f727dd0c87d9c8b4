package dev.dmig.feature.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.plan.PlanInvalidException;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The masking key on AWS, read from the secret the stack names with the SDK's own Secrets Manager client. Secrets Manager
 * is AWS-only and cannot run here: the client talks to {@link SecretsManagerStub}, a loopback stand-in for that one API.
 */
class MaskKeySecretTest {
    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dmig/mask-key-AbCdEf";
    private static final String KEY = "a-key-from-secrets-manager-32-ch";
    private static final Map<String, String> STACK = Map.of(MaskKeySecret.VARIABLE, ARN, "AWS_LAMBDA_FUNCTION_NAME", "dmig-Analyze");

    private final SecretsManagerStub stub = SecretsManagerStub.start();
    private final SecretsManagerClient client = stub.client();
    private final Function<String, MaskKeySecret> secrets = arn -> new MaskKeySecret(arn, () -> client);

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    @Test
    void aSecretHoldingTheKey_isTheKey_whateverTheVariableHolds_andIsReadOncePerProcess() {
        stub.holds(ARN, KEY + "\n");
        MaskKeySecret secret = secrets.apply(ARN);
        Map<String, String> env = Map.of(MaskKeySecret.VARIABLE, ARN, "DMIG_MASK_KEY", "another key the variable holds");

        MaskKey key = MaskKey.from("DMIG_MASK_KEY", env, arn -> secret);
        MaskKey again = MaskKey.from("DMIG_MASK_KEY", env, arn -> secret);

        assertThat(key.fingerprint()).isEqualTo(MaskKey.of("DMIG_MASK_KEY", KEY).fingerprint()).isEqualTo(again.fingerprint());
        assertThat(key.variable()).isEqualTo("secret dmig/mask-key-AbCdEf");
        assertThat(key.toString()).doesNotContain(KEY);
        assertThat(stub.requests()).containsExactly("{\"SecretId\":\"" + ARN + "\"}");
    }

    @Test
    void aKeyValueSecret_givesTheFieldThePlansKeyFromNames() {
        stub.holds(ARN, "{\"OTHER\":\"a value of another field\",\"DMIG_MASK_KEY\":\"" + KEY + "\"}");

        MaskKey key = MaskKey.from("DMIG_MASK_KEY", STACK, secrets);

        assertThat(key.fingerprint()).isEqualTo(MaskKey.of("DMIG_MASK_KEY", KEY).fingerprint());
        assertThat(key.variable()).isEqualTo("field DMIG_MASK_KEY of secret dmig/mask-key-AbCdEf");
    }

    @Test
    void aKeyValueSecretWithoutTheField_isRefusedInOneLine_namingItsFieldsButNoValue() {
        stub.holds(ARN, "{\"OTHER\":\"a value of another field\"}");

        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, secrets)).isInstanceOf(PlanInvalidException.class)
                .hasMessageEndingWith("mask.keyFrom: the masking key's secret dmig/mask-key-AbCdEf (stack parameter MaskKeySecretArn) "
                        + "is a JSON object with no text field DMIG_MASK_KEY (its fields: OTHER): add the key as its field "
                        + "DMIG_MASK_KEY, or name the field that holds it in \"mask\": {\"keyFrom\": \"…\"}")
                .message().doesNotContain("a value of another field");
    }

    @Test
    void aShortKeyInTheSecret_isRefused_namingTheSecret() {
        stub.holds(ARN, "too short");

        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, secrets)).isInstanceOf(PlanInvalidException.class)
                .hasMessageEndingWith("mask.keyFrom: secret dmig/mask-key-AbCdEf holds 9 characters: a masking key needs at least 16; "
                        + "put a longer secret in it");
    }

    @Test
    void aSecretThatCannotBeRead_isRefusedInOneLine_withTheFix() {
        stub.refuses("ResourceNotFoundException");
        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, secrets)).isInstanceOf(PlanInvalidException.class)
                .hasMessageEndingWith("mask.keyFrom: the masking key's secret dmig/mask-key-AbCdEf (stack parameter MaskKeySecretArn) "
                        + "does not exist: create it, or redeploy the stack with MaskKeySecretArn set to the full ARN of the "
                        + "secret that holds the key");

        stub.refuses("AccessDeniedException");
        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, secrets)).isInstanceOf(PlanInvalidException.class)
                .hasMessageEndingWith("mask.keyFrom: the masking key's secret dmig/mask-key-AbCdEf (stack parameter MaskKeySecretArn) "
                        + "may not be read by this function's role: redeploy the stack with MaskKeySecretArn set to this "
                        + "secret's full ARN (and MaskKeySecretKmsKeyArn to its KMS key unless it uses aws/secretsmanager), "
                        + "and let its resource policy, if it has one, allow the role");

        stub.refuses("DecryptionFailure");
        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, secrets)).hasMessageContaining(
                "cannot be decrypted with its KMS key: redeploy the stack with MaskKeySecretKmsKeyArn set to that key");

        stub.holdsBinary(ARN);
        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, secrets)).hasMessageEndingWith(
                "holds binary data: store the key as the secret's text (SecretString)");
        assertThat(stub.requests()).hasSize(4);
    }

    @Test
    void aRefusedRead_isNotKept_theNextCallReadsTheSecretAgain() {
        MaskKeySecret secret = secrets.apply(ARN);
        stub.refuses("AccessDeniedException");
        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, arn -> secret)).isInstanceOf(PlanInvalidException.class);

        stub.holds(ARN, KEY);

        assertThat(MaskKey.from("DMIG_MASK_KEY", STACK, arn -> secret).fingerprint())
                .isEqualTo(MaskKey.of("DMIG_MASK_KEY", KEY).fingerprint());
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void aSecretManagerOutOfReach_isRefusedInOneLine_withoutTheSdksWords() {
        SecretsManagerClient nowhere = SecretsManagerStub.start().closedClient();
        try (nowhere) {
            assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", STACK, arn -> new MaskKeySecret(arn, () -> nowhere)))
                    .isInstanceOf(PlanInvalidException.class)
                    .hasMessageEndingWith("mask.keyFrom: the masking key's secret dmig/mask-key-AbCdEf (stack parameter "
                            + "MaskKeySecretArn) could not be reached from the function: start the run again once Secrets "
                            + "Manager answers in the secret's region");
        }
    }

    @Test
    void aFunctionOfAStackWithoutASecret_isRefused_namingTheParameter_andLocallyTheVariable() {
        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", Map.of("AWS_LAMBDA_FUNCTION_NAME", "dmig-Analyze"), secrets))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessageEndingWith("mask.keyFrom: DMIG_MASK_KEY is not set, and this stack names no masking key: redeploy it "
                        + "with the parameter MaskKeySecretArn set to the ARN of a Secrets Manager secret that holds the key "
                        + "(docs/aws.md)");
        assertThatThrownBy(() -> MaskKey.from("DMIG_MASK_KEY", Map.of(MaskKeySecret.VARIABLE, " "), secrets))
                .hasMessageContaining("mask.keyFrom: DMIG_MASK_KEY is not set: the plan masks values with the key it holds");
        assertThat(MaskKey.from("DMIG_MASK_KEY", Map.of("DMIG_MASK_KEY", KEY), secrets).variable()).isEqualTo("DMIG_MASK_KEY");
        assertThat(stub.requests()).isEmpty();
    }
}
