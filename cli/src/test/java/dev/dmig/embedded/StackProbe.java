package dev.dmig.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Starts an in-memory stack from whatever classpath it runs on (ShadedJarIT runs it on dmig.jar), makes one
 * DynamoDB and one S3 round trip plus one refused conditional write on each, and prints one line: how long from JVM start until both servers listened,
 * and the resident memory then. Also the tool for measuring start-up by hand.
 */
public final class StackProbe {
    private StackProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (EmbeddedStack stack = EmbeddedStack.startInMemory("dmig-probe")) {
            // The JVM's own start time: ProcessHandle's start instant drifts by up to a second on some virtual machines.
            long startMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            long rssMiB = residentMiB();
            try (DynamoDbClient dynamoDb = StackClients.dynamoDb(stack); S3Client s3 = StackClients.s3(stack)) {
                dynamoDb.createTable(request -> request.tableName("probe")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName("pk").attributeType(ScalarAttributeType.S).build())
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
                dynamoDb.putItem(request -> request.tableName("probe").item(Map.of("pk", AttributeValue.fromS("ok"))));
                String item = dynamoDb.getItem(request -> request.tableName("probe")
                        .key(Map.of("pk", AttributeValue.fromS("ok")))).item().get("pk").s();
                s3.putObject(request -> request.bucket(stack.bucket()).key("probe"), RequestBody.fromString("ok"));
                String object = s3.getObjectAsBytes(request -> request.bucket(stack.bucket()).key("probe")).asUtf8String();
                // Both servers log failed conditional writes; dmig expects them, so they must print nothing.
                String dynamoDbConflict = conflict(() -> dynamoDb.putItem(request -> request.tableName("probe")
                        .item(Map.of("pk", AttributeValue.fromS("ok"))).conditionExpression("attribute_not_exists(pk)")));
                String s3Conflict = conflict(() -> s3.putObject(request -> request.bucket(stack.bucket()).key("probe")
                        .ifNoneMatch("*"), RequestBody.fromString("again")));
                System.out.printf("dynamodb=%s s3=%s conflicts=%s,%s startMillis=%d rssMiB=%d%n",
                        item, object, dynamoDbConflict, s3Conflict, startMillis, rssMiB);
            }
        }
        // DynamoDB Local leaves non-daemon threads running after it stops.
        System.exit(0);
    }

    private static String conflict(Runnable write) {
        try {
            write.run();
            return "none";
        } catch (ConditionalCheckFailedException e) {
            return "ConditionalCheckFailed";
        } catch (S3Exception e) {
            return String.valueOf(e.statusCode());
        }
    }

    private static long residentMiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                .findFirst()
                .orElse(-1L);
    }
}
