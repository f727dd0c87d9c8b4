package dev.dmig.local;

import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.store.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One in-memory DynamoDB Local + S3Proxy for every integration test in the JVM: real servers on
 * free ports, started once. Tests keep apart by their own table suffixes and run IDs.
 */
public final class SharedStack {
    public static final String BUCKET = "dmig-it";

    private static final class Holder {
        static final EmbeddedStack STACK = start();

        private static EmbeddedStack start() {
            EmbeddedStack stack = EmbeddedStack.startInMemory(BUCKET);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            return stack;
        }
    }

    private SharedStack() {}

    public static EmbeddedStack stack() {
        return Holder.STACK;
    }

    /**
     * Puts the stack's credentials where the CLI finds them for named endpoints: the default AWS chain
     * (system properties), as it would for real AWS. Returns them.
     */
    public static AwsCredentials credentialsForTheCli() {
        AwsCredentials credentials = stack().credentials().resolveCredentials();
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
        return credentials;
    }

    public static DynamoDbClient dynamoDb() {
        return AwsClients.dynamoDb(new AwsClients.Connection(stack().dynamoDbEndpoint(), stack().region(), stack().credentials(), 32));
    }

    public static S3Client s3() {
        return AwsClients.s3(new AwsClients.Connection(stack().s3Endpoint(), stack().region(), stack().credentials(), 32));
    }
}
