package dev.dmig.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.local.SharedStack;
import dev.dmig.store.AwsClients;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The latency front, on the wire before the real DynamoDB Local and S3Proxy: signed requests pass unchanged,
 * answers come back whole, and each round trip is delayed once (twice for a body sent after {@code 100 Continue}).
 */
class LatencyFrontIT {

    @Test
    void eachDynamoDbCall_isDelayedOnce_andAnsweredAsWithoutTheFront() {
        EmbeddedStack stack = SharedStack.stack();
        try (LatencyFront front = LatencyFront.start(stack.dynamoDbEndpoint(), 20);
             DynamoDbClient direct = SharedStack.dynamoDb();
             DynamoDbClient delayed = AwsClients.dynamoDb(new AwsClients.Connection(front.endpoint(), stack.region(),
                     stack.credentials(), 4))) {
            for (int i = 0; i < 3; i++) {
                assertThat(delayed.listTables().tableNames()).isEqualTo(direct.listTables().tableNames());
            }
            assertThat(front.delayed()).isEqualTo(3);
        }
    }

    @Test
    void anS3Object_travelsWhole_andItsBodyWaitsForTheContinue_withTheSdksDefaults() {
        EmbeddedStack stack = SharedStack.stack();
        try (LatencyFront front = LatencyFront.start(stack.s3Endpoint(), 5);
             S3Client sdkDefaults = S3Client.builder().endpointOverride(front.endpoint()).region(stack.region())
                     .credentialsProvider(stack.credentials()).forcePathStyle(true).build()) {
            // The PUT's headers, then its body after the server's 100 Continue; then the GET.
            assertThat(putAndGet(sdkDefaults, front, "latency-front/sdk-defaults")).isEqualTo(2);
            assertThat(front.delayed()).isEqualTo(3);
        }
    }

    @Test
    void dmigsS3Client_sendsASmallBodyWithItsHeaders_inOneRoundTrip() {
        EmbeddedStack stack = SharedStack.stack();
        try (LatencyFront front = LatencyFront.start(stack.s3Endpoint(), 5);
             S3Client dmigs = AwsClients.s3(new AwsClients.Connection(front.endpoint(), stack.region(), stack.credentials(), 4))) {
            assertThat(putAndGet(dmigs, front, "latency-front/dmig")).isEqualTo(1);
            assertThat(front.delayed()).isEqualTo(2);
        }
    }

    /** Stores and reads back an object of 200 KB; returns the round trips the PUT took. */
    private static long putAndGet(S3Client s3, LatencyFront front, String key) {
        byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(SharedStack.BUCKET).key(key), RequestBody.fromBytes(body));
        long put = front.delayed();
        byte[] read = s3.getObject(b -> b.bucket(SharedStack.BUCKET).key(key), ResponseTransformer.toBytes()).asByteArray();
        assertThat(read).isEqualTo(body);
        return put;
    }
}
