package dev.dmig.embedded;

import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** SDK clients pointed at an embedded stack, built the way the tests need them; the app has its own factory. */
final class StackClients {
    private StackClients() {
    }

    static DynamoDbClient dynamoDb(EmbeddedStack stack) {
        return DynamoDbClient.builder()
                .endpointOverride(stack.dynamoDbEndpoint())
                .region(stack.region())
                .credentialsProvider(stack.credentials())
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    static S3Client s3(EmbeddedStack stack) {
        return S3Client.builder()
                .endpointOverride(stack.s3Endpoint())
                .region(stack.region())
                .credentialsProvider(stack.credentials())
                .httpClient(ApacheHttpClient.create())
                .build();
    }
}
