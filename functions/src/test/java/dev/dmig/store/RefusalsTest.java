package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class RefusalsTest {
    private static final URI LOCAL = URI.create("http://127.0.0.1:8000");

    @Test
    void accessDenied_namesTheTableAndTheActionToGrant() {
        DynamoDbException denied = (DynamoDbException) DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                        .errorMessage("User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: dynamodb:Scan on resource: x")
                        .build()).build();
        assertThat(Refusals.of(denied, "Orders-prod", null)).contains("DynamoDB denied access to table Orders-prod"
                + " (AccessDeniedException): grant dynamodb:Scan on it to these credentials, or use others");
    }

    @Test
    void rejectedCredentials_sayWhatToCheck() {
        DynamoDbException rejected = (DynamoDbException) DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnrecognizedClientException")
                        .errorMessage("The security token included in the request is invalid.").build()).build();
        assertThat(Refusals.of(rejected, "T", null)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("DynamoDB rejected the credentials (UnrecognizedClientException)"));
    }

    @Test
    void missingCredentials_unknownHost_andARefusedNamedEndpoint_areRefusals() {
        assertThat(Refusals.of(SdkClientException.create("Unable to load credentials from any of the providers"), "T", null))
                .hasValueSatisfying(line -> assertThat(line).startsWith("no AWS credentials found"));
        assertThat(Refusals.of(SdkClientException.create("Unable to execute HTTP request",
                new UnknownHostException("nowhere.invalid")), "T", URI.create("http://nowhere.invalid:8000")))
                .contains("unknown host nowhere.invalid in http://nowhere.invalid:8000: fix the endpoint (--dynamodb-endpoint)"
                        + " or the region");
        assertThat(Refusals.of(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")), "T", LOCAL))
                .contains("nothing listens at http://127.0.0.1:8000 (connection refused): start DynamoDB there or fix"
                        + " --dynamodb-endpoint");
    }

    @Test
    void whatWaitingMayHeal_isNoRefusal() {
        assertThat(Refusals.of(SdkClientException.create("refused", new ConnectException("Connection refused")), "T", null))
                .as("AWS's own endpoint refusing a connection").isEmpty();
        assertThat(Refusals.of(ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .build(), "T", LOCAL)).isEmpty();
        assertThat(Refusals.of(DynamoDbException.builder().statusCode(500).build(), "T", LOCAL)).isEmpty();
        assertThat(Refusals.of(SdkClientException.create("Read timed out"), "T", LOCAL)).isEmpty();
    }
}
