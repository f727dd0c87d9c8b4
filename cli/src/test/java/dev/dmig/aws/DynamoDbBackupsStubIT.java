package dev.dmig.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.dmig.json.Json;
import dev.dmig.store.AwsClients;
import dev.dmig.store.DynamoDbItemStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB backup calls dmig makes before the first write of a full run
 * (DescribeContinuousBackups, CreateBackup). They exist only on AWS — DynamoDB Local answers
 * "unknown operation" — so this test runs the real SDK client against a local HTTP STUB of those
 * two DynamoDB operations, which checks the request shapes and scripts the answers.
 */
class DynamoDbBackupsStubIT {
    private HttpServer stub;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private volatile String pitr = "ENABLED";
    private DynamoDbClient client;

    @BeforeEach
    void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body = Json.tree(exchange.getRequestBody().readAllBytes());
            targets.add(target);
            requests.add(body);
            String response;
            int status = 200;
            if ("DynamoDB_20120810.DescribeContinuousBackups".equals(target) && !"UNKNOWN".equals(pitr)) {
                response = "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\","
                        + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"" + pitr + "\"}}}";
            } else if ("DynamoDB_20120810.CreateBackup".equals(target)) {
                response = "{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/"
                        + body.path("TableName").asText() + "/backup/01700000000000-abcd1234\",\"BackupName\":\""
                        + body.path("BackupName").asText() + "\",\"BackupStatus\":\"CREATING\",\"BackupType\":\"USER\","
                        + "\"BackupCreationDateTime\":1.7E9}}";
            } else {
                status = 400;
                response = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#UnknownOperationException\"}";
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stub.start();
        client = AwsClients.dynamoDb(new AwsClients.Connection(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), 2));
    }

    @AfterEach
    void stop() {
        client.close();
        stub.stop(0);
    }

    @Test
    void pointInTimeRecovery_isReadFromDescribeContinuousBackups() {
        DynamoDbItemStore store = new DynamoDbItemStore(client);
        assertThat(store.pointInTimeRecovery("Contacts-prod")).isTrue();
        pitr = "DISABLED";
        assertThat(store.pointInTimeRecovery("Contacts-prod")).isFalse();
        assertThat(targets).containsOnly("DynamoDB_20120810.DescribeContinuousBackups");
        assertThat(requests).allSatisfy(r -> assertThat(r.path("TableName").asText()).isEqualTo("Contacts-prod"));
    }

    @Test
    void createBackup_sendsTableAndName_andReturnsTheArn() {
        String arn = new DynamoDbItemStore(client).createBackup("Contacts-prod", "dmig-run1-Contacts-prod");
        assertThat(arn).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/Contacts-prod/backup/01700000000000-abcd1234");
        assertThat(targets).containsExactly("DynamoDB_20120810.CreateBackup");
        assertThat(requests.get(0).path("TableName").asText()).isEqualTo("Contacts-prod");
        assertThat(requests.get(0).path("BackupName").asText()).isEqualTo("dmig-run1-Contacts-prod");
    }

    @Test
    void aDynamoDbWithoutBackups_surfacesUnknownOperation_whichAnalysisTurnsIntoBackupRequired() {
        pitr = "UNKNOWN";
        // Analysis (Backups.ensure) recognises DynamoDB Local by exactly this error code.
        assertThatThrownBy(() -> new DynamoDbItemStore(client).pointInTimeRecovery("Contacts-prod"))
                .isInstanceOf(AwsServiceException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
    }
}
