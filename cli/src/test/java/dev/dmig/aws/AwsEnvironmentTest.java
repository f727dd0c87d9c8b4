package dev.dmig.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which account an {@code --aws} command says must own the stack's artifacts bucket, with every request to it. */
class AwsEnvironmentTest {
    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:dmig-migration";

    @Test
    void theStateMachinesAccount_mustOwnTheArtifactsBucket_onAwssS3() {
        assertThat(AwsEnvironment.bucketOwner(new AwsEnvironment.Target(ARN, "dmig-artifacts", null, null, null)))
                .isEqualTo("123456789012");
    }

    /** An S3-compatible server at an endpoint of its own (LocalStack, S3Proxy) may refuse the header: none is said. */
    @Test
    void aBucketAtAnotherEndpoint_orACommandWithoutAStateMachine_saysNoOwner() {
        assertThat(AwsEnvironment.bucketOwner(new AwsEnvironment.Target(ARN, "b", null, null, URI.create("http://127.0.0.1:9000"))))
                .isNull();
        assertThat(AwsEnvironment.bucketOwner(new AwsEnvironment.Target(null, "b", "eu-west-1", null, null))).isNull();
    }
}
