package dev.dmig.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Where the keys a request was signed with came from, in the words a person fixes them by: a refusal (403) of a store
 * that is not AWS's names them, not a role that does not exist there.
 */
public final class CredentialSource {
    private CredentialSource() {}

    /** The default AWS credentials chain, as a store that is not the embedded one is reached with. */
    public static DefaultCredentialsProvider defaultChain() {
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Where {@code provider}'s keys come from: for the default chain (null, or the chain itself), its first source that
     * holds keys, in the chain's order (system properties, environment variables, web identity, profile, this host's
     * role); for any other provider, the keys dmig was given.
     */
    public static String describe(AwsCredentialsProvider provider) {
        if (provider != null && !(provider instanceof DefaultCredentialsProvider)) {
            return "the keys dmig was given";
        }
        return chain(System.getProperties(), System.getenv(), Path.of(System.getProperty("user.home"), ".aws"));
    }

    /** The default chain's first source with keys, from these system properties, environment and {@code ~/.aws}. */
    static String chain(Properties properties, Map<String, String> env, Path awsFolder) {
        if (properties.getProperty("aws.accessKeyId") != null) {
            return "the Java system properties aws.accessKeyId and aws.secretAccessKey";
        }
        if (env.get("AWS_ACCESS_KEY_ID") != null) {
            return "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
        }
        if (env.get("AWS_WEB_IDENTITY_TOKEN_FILE") != null) {
            return "the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)";
        }
        String profile = env.getOrDefault("AWS_PROFILE", "default");
        if (env.get("AWS_PROFILE") != null || Files.exists(awsFolder.resolve("credentials")) || Files.exists(awsFolder.resolve("config"))) {
            return "the AWS profile " + profile + " (" + awsFolder.resolve("credentials") + ")";
        }
        return "this host's role (the default AWS credentials chain found no keys set)";
    }
}
