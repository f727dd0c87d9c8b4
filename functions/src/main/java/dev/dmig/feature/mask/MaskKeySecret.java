package dev.dmig.feature.mask;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.store.AwsClients;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The masking key on AWS: the Secrets Manager secret the stack names (its parameter {@value #PARAMETER}, told to the
 * functions that mask as {@value #VARIABLE}), read with the function's own role the first time a call needs the key and
 * kept for the container's life: after SnapStart's snapshot (no snapshot holds it), never written, never logged. Its
 * value is the key, or a JSON object (Secrets Manager's key/value form) whose field the plan's {@code keyFrom} names
 * holds it: one plan reads {@code DMIG_MASK_KEY} from the environment on a laptop and from the secret's field of that
 * name on AWS. What cannot be read is refused in one line naming the secret, the stack parameter and the fix.
 */
final class MaskKeySecret {
    /** The functions' variable that holds the secret's ARN. */
    static final String VARIABLE = "DMIG_MASK_KEY_SECRET_ARN";
    /** The stack parameter it comes from. */
    static final String PARAMETER = "MaskKeySecretArn";
    /** One per secret and process: a container reads its secret once. */
    private static final Map<String, MaskKeySecret> OF_PROCESS = new ConcurrentHashMap<>();

    private final String arn;
    private final Supplier<SecretsManagerClient> client;
    /** The client, once built: one per secret and process, kept whether its reads succeed or not. */
    private SecretsManagerClient built;
    private String text;

    /** The secret {@code arn} names, read with {@code client} (asked for on the first read). */
    MaskKeySecret(String arn, Supplier<SecretsManagerClient> client) {
        this.arn = arn;
        this.client = client;
    }

    /**
     * This process's reader of the secret {@code arn} names, with a client of the secret's region from the SDK's default
     * chain (the function's role), built on the first read.
     */
    static MaskKeySecret of(String arn) {
        return OF_PROCESS.computeIfAbsent(arn, named -> new MaskKeySecret(named, () -> AwsClients.secrets(
                new AwsClients.Connection(null, region(named), null, 2))));
    }

    /** The region an ARN names (its fourth field); null, the SDK's own, for a text that is no ARN. */
    private static Region region(String arn) {
        String[] fields = arn.split(":", -1);
        return fields.length > 3 && !fields[3].isEmpty() ? Region.of(fields[3]) : null;
    }

    /** Where a key from {@code keyFrom} comes from, for messages and the run's record: the secret by name, and its field. */
    String source(String keyFrom) {
        String secret = "secret " + name();
        return read().startsWith("{") ? "field " + keyFrom + " of " + secret : secret;
    }

    /** The key: the secret's text, or its field {@code keyFrom} when it is a JSON object; refused in one line if neither. */
    String key(String keyFrom) {
        String value = read();
        if (!value.startsWith("{")) {
            return value.strip();
        }
        JsonNode fields;
        try {
            fields = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw refused("holds text that starts as a JSON object but is none: store the key alone as its text, or a JSON "
                    + "object with the key in the field " + keyFrom);
        }
        JsonNode field = fields.get(keyFrom);
        if (field == null || !field.isTextual()) {
            List<String> names = new ArrayList<>();
            fields.fieldNames().forEachRemaining(names::add);
            throw refused("is a JSON object with no text field " + keyFrom + " (its fields: " + String.join(", ", names)
                    + "): add the key as its field " + keyFrom + ", or name the field that holds it in \"mask\": {\"keyFrom\": \"…\"}");
        }
        return field.asText();
    }

    /** The secret's name: what follows {@code :secret:} in its ARN. */
    private String name() {
        int at = arn.indexOf(":secret:");
        return at < 0 ? arn : arn.substring(at + ":secret:".length());
    }

    private synchronized String read() {
        if (text == null) {
            text = fetch();
        }
        return text;
    }

    private String fetch() {
        GetSecretValueResponse response;
        try {
            if (built == null) {
                built = client.get();
            }
            response = built.getSecretValue(b -> b.secretId(arn));
        } catch (SecretsManagerException e) {
            throw refused(refusal(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode()));
        } catch (SdkClientException e) {
            throw refused("could not be reached from the function: start the run again once Secrets Manager answers in the "
                    + "secret's region");
        }
        if (response.secretString() == null) {
            throw refused("holds binary data: store the key as the secret's text (SecretString)");
        }
        return response.secretString();
    }

    /** Why Secrets Manager refused, by its error code, and the fix. */
    private static String refusal(String code) {
        return switch (code == null ? "" : code) {
            case "ResourceNotFoundException" -> "does not exist: create it, or redeploy the stack with " + PARAMETER
                    + " set to the full ARN of the secret that holds the key";
            case "AccessDeniedException" -> "may not be read by this function's role: redeploy the stack with " + PARAMETER
                    + " set to this secret's full ARN (and MaskKeySecretKmsKeyArn to its KMS key unless it uses"
                    + " aws/secretsmanager), and let its resource policy, if it has one, allow the role";
            case "DecryptionFailure" -> "cannot be decrypted with its KMS key: redeploy the stack with MaskKeySecretKmsKeyArn"
                    + " set to that key, and let the key's policy allow the functions' roles";
            case "InvalidRequestException" -> "cannot be read now (it may be scheduled for deletion): restore it"
                    + " (aws secretsmanager restore-secret), then start the run again";
            default -> "could not be read (" + (code == null || code.isEmpty() ? "no error code" : code)
                    + "): start the run again once Secrets Manager answers";
        };
    }

    private PlanInvalidException refused(String why) {
        return new PlanInvalidException(List.of(Problem.plan("mask.keyFrom: the masking key's secret " + name() + " (stack "
                + "parameter " + PARAMETER + ") " + why)));
    }
}
