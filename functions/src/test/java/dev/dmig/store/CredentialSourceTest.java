package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Where a refusal says the keys came from: the place a person sets them, in the chain's order, never a class name. */
class CredentialSourceTest {
    @Test
    void theChainsFirstSourceWithKeys_isNamedByWhereTheyAreSet(@TempDir Path home) {
        Properties set = new Properties();
        set.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_PROFILE", "dev");

        assertThat(CredentialSource.chain(set, env, home)).isEqualTo("the Java system properties aws.accessKeyId and aws.secretAccessKey");
        assertThat(CredentialSource.chain(new Properties(), env, home))
                .isEqualTo("the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        assertThat(CredentialSource.chain(new Properties(), Map.of("AWS_PROFILE", "dev"), home))
                .isEqualTo("the AWS profile dev (" + home.resolve("credentials") + ")");
        assertThat(CredentialSource.chain(new Properties(), Map.of(), home)).startsWith("this host's role");
    }

    @Test
    void keysGivenOtherwise_areSaidToBeGiven() {
        assertThat(CredentialSource.describe(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))))
                .isEqualTo("the keys dmig was given");
    }
}
