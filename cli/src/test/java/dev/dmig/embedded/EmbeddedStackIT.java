package dev.dmig.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
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

class EmbeddedStackIT {
    private static final String BUCKET = "dmig-it";
    /** DynamoDB's full precision: 38 significant digits. */
    private static final String NUMBER_38_DIGITS = "12345678901234567890123456789012345678";

    private static EmbeddedStack stack;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startInMemoryStack() {
        assumeTrue(DynamoDbLocalServer.unsupportedPlatform().isEmpty(),
                () -> DynamoDbLocalServer.unsupportedPlatform().orElseThrow());
        stack = EmbeddedStack.startInMemory(BUCKET);
        dynamoDb = StackClients.dynamoDb(stack);
        s3 = StackClients.s3(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            s3.close();
            dynamoDb.close();
            stack.close();
        }
    }

    @Test
    void item_withEveryAttributeType_readsBackUnchanged() {
        createTable(dynamoDb, "every_type");
        Map<String, AttributeValue> item = Map.ofEntries(
                Map.entry("pk", s("item-1")),
                Map.entry("string", s("héllo")),
                Map.entry("number38", AttributeValue.fromN(NUMBER_38_DIGITS)),
                Map.entry("negativeDecimal", AttributeValue.fromN("-0.0000000000000000000000000000000000001")),
                Map.entry("binary", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff}))),
                Map.entry("bool", AttributeValue.fromBool(true)),
                Map.entry("null", AttributeValue.fromNul(true)),
                Map.entry("stringSet", AttributeValue.fromSs(List.of("a", "b"))),
                Map.entry("numberSet", AttributeValue.fromNs(List.of("1", NUMBER_38_DIGITS))),
                Map.entry("binarySet", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("y")))),
                Map.entry("list", AttributeValue.fromL(List.of(s("one"), AttributeValue.fromN("2"), AttributeValue.fromNul(true)))),
                Map.entry("map", AttributeValue.fromM(Map.of("nested", AttributeValue.fromM(Map.of("n", AttributeValue.fromN(NUMBER_38_DIGITS)))))));

        dynamoDb.putItem(request -> request.tableName("every_type").item(item));
        Map<String, AttributeValue> read = dynamoDb.getItem(request -> request.tableName("every_type")
                .key(Map.of("pk", s("item-1"))).consistentRead(true)).item();

        assertThat(read).containsOnlyKeys(item.keySet());
        item.forEach((name, expected) -> {
            AttributeValue actual = read.get(name);
            switch (expected.type()) {
                case SS -> assertThat(actual.ss()).as(name).containsExactlyInAnyOrderElementsOf(expected.ss());
                case NS -> assertThat(actual.ns()).as(name).containsExactlyInAnyOrderElementsOf(expected.ns());
                case BS -> assertThat(actual.bs()).as(name).containsExactlyInAnyOrderElementsOf(expected.bs());
                default -> assertThat(actual).as(name).isEqualTo(expected);
            }
        });
        assertThat(read.get("number38").n()).isEqualTo(NUMBER_38_DIGITS);
    }

    @Test
    void conditionalPut_onExistingItem_failsWithConditionalCheckFailed() {
        createTable(dynamoDb, "locks");
        Map<String, AttributeValue> lock = Map.of("pk", s("lock"));
        dynamoDb.putItem(request -> request.tableName("locks").item(lock).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> dynamoDb.putItem(request -> request.tableName("locks").item(lock)
                        .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void object_putThenGet_returnsSameBytes() {
        s3.putObject(request -> request.bucket(BUCKET).key("runs/1/manifest.json"), RequestBody.fromString("{\"run\":1}"));

        String read = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("runs/1/manifest.json")).asUtf8String();

        assertThat(read).isEqualTo("{\"run\":1}");
    }

    @Test
    void putObjectIfNoneMatch_succeedsOnce_thenFailsWith412() {
        s3.putObject(request -> request.bucket(BUCKET).key("lock").ifNoneMatch("*"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> s3.putObject(request -> request.bucket(BUCKET).key("lock").ifNoneMatch("*"),
                        RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("lock")).asUtf8String()).isEqualTo("first");
    }

    @Test
    void secondStartOnSameDataDir_seesItemAndObjectFromFirst() {
        try (EmbeddedStack first = EmbeddedStack.start(tempDir, BUCKET);
                DynamoDbClient firstDynamoDb = StackClients.dynamoDb(first);
                S3Client firstS3 = StackClients.s3(first)) {
            createTable(firstDynamoDb, "status");
            firstDynamoDb.putItem(request -> request.tableName("status")
                    .item(Map.of("pk", s("run-1"), "big", AttributeValue.fromN(NUMBER_38_DIGITS))));
            firstS3.putObject(request -> request.bucket(BUCKET).key("runs/run-1.json"), RequestBody.fromString("done"));
        }
        assertThat(tempDir.resolve("dynamodb/shared-local-instance.db")).isRegularFile();
        assertThat(tempDir.resolve("s3").resolve(BUCKET)).isDirectory();

        try (EmbeddedStack second = EmbeddedStack.start(tempDir, BUCKET);
                DynamoDbClient secondDynamoDb = StackClients.dynamoDb(second);
                S3Client secondS3 = StackClients.s3(second)) {
            Map<String, AttributeValue> item = secondDynamoDb.getItem(request -> request.tableName("status")
                    .key(Map.of("pk", s("run-1"))).consistentRead(true)).item();
            String object = secondS3.getObjectAsBytes(request -> request.bucket(BUCKET).key("runs/run-1.json"))
                    .asUtf8String();

            assertThat(item).containsEntry("big", AttributeValue.fromN(NUMBER_38_DIGITS));
            assertThat(object).isEqualTo("done");
            assertThat(second.dataDir()).contains(tempDir.toAbsolutePath());
        }
    }

    @Test
    void eachDataDir_hasItsOwnKeys_keptOwnerOnly_andARestartKeepsThemAndItsData() throws Exception {
        Path first = tempDir.resolve("first");
        Path second = tempDir.resolve("second");
        AwsCredentials firstKeys;
        try (EmbeddedStack stack = EmbeddedStack.start(first, BUCKET);
                DynamoDbClient dynamo = StackClients.dynamoDb(stack);
                S3Client objects = StackClients.s3(stack)) {
            firstKeys = stack.credentials().resolveCredentials();
            createTable(dynamo, "kept");
            objects.putObject(request -> request.bucket(BUCKET).key("kept.txt"), RequestBody.fromString("kept"));
        }
        AwsCredentials secondKeys;
        try (EmbeddedStack stack = EmbeddedStack.start(second, BUCKET)) {
            secondKeys = stack.credentials().resolveCredentials();
        }

        assertThat(firstKeys.accessKeyId()).matches("[A-Z0-9]{20}");
        assertThat(firstKeys.secretAccessKey()).matches("[A-Za-z0-9]{40}");
        assertThat(secondKeys.accessKeyId()).isNotEqualTo(firstKeys.accessKeyId());
        assertThat(secondKeys.secretAccessKey()).isNotEqualTo(firstKeys.secretAccessKey());
        assertThat(Files.readString(first.resolve("stack-keys"))).contains("accessKeyId=" + firstKeys.accessKeyId() + "\n",
                "secretAccessKey=" + firstKeys.secretAccessKey() + "\n");
        if (first.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.resolve("stack-keys")))).isEqualTo("rw-------");
        }
        try (EmbeddedStack again = EmbeddedStack.start(first, BUCKET);
                DynamoDbClient dynamo = StackClients.dynamoDb(again);
                S3Client objects = StackClients.s3(again)) {
            assertThat(again.credentials().resolveCredentials().accessKeyId()).isEqualTo(firstKeys.accessKeyId());
            assertThat(again.credentials().resolveCredentials().secretAccessKey()).isEqualTo(firstKeys.secretAccessKey());
            assertThat(dynamo.listTables().tableNames()).contains("kept");
            assertThat(objects.getObjectAsBytes(request -> request.bucket(BUCKET).key("kept.txt")).asUtf8String()).isEqualTo("kept");
        }
    }

    @Test
    void aDataDirWithoutKeys_asAnEarlierDmigLeftIt_opensItsTablesAndObjects_andRefusesTheOldFixedKeys() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(tempDir, BUCKET);
                DynamoDbClient dynamo = StackClients.dynamoDb(stack);
                S3Client objects = StackClients.s3(stack)) {
            createTable(dynamo, "earlier");
            objects.putObject(request -> request.bucket(BUCKET).key("earlier.txt"), RequestBody.fromString("earlier"));
        }
        // An earlier dmig signed with one fixed pair and kept no key file.
        Files.delete(tempDir.resolve("stack-keys"));

        try (EmbeddedStack stack = EmbeddedStack.start(tempDir, BUCKET);
                DynamoDbClient dynamo = StackClients.dynamoDb(stack);
                S3Client objects = StackClients.s3(stack);
                S3Client fixedKeys = S3Client.builder().endpointOverride(stack.s3Endpoint()).region(stack.region())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dmiglocal", "dmiglocalsecret")))
                        .httpClient(ApacheHttpClient.create()).build()) {
            assertThat(tempDir.resolve("stack-keys")).isRegularFile();
            assertThat(dynamo.listTables().tableNames()).contains("earlier");
            assertThat(objects.getObjectAsBytes(request -> request.bucket(BUCKET).key("earlier.txt")).asUtf8String()).isEqualTo("earlier");
            assertThatThrownBy(() -> fixedKeys.getObjectAsBytes(request -> request.bucket(BUCKET).key("earlier.txt")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void bothServers_listenOnLoopbackOnly() throws Exception {
        assumeTrue(ListeningSockets.readable(), "needs Linux's " + ListeningSockets.IPV4 + " to see bound addresses");

        Set<InetAddress> dynamoDbAddresses = ListeningSockets.listeningOn(stack.dynamoDbEndpoint().getPort());
        Set<InetAddress> s3Addresses = ListeningSockets.listeningOn(stack.s3Endpoint().getPort());

        assertThat(dynamoDbAddresses).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(s3Addresses).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    }

    @Test
    void sqlite4javaLogger_staysQuiet_afterGarbageCollection_andAfterADatabaseFileOpens() {
        // An on-disk database's first request sets the logger to WARNING again.
        try (EmbeddedStack onDisk = EmbeddedStack.start(tempDir, BUCKET); DynamoDbClient client = StackClients.dynamoDb(onDisk)) {
            client.listTables();
        }
        // DynamoDB Local sets this level on a logger nobody holds, so a collection used to undo it.
        System.gc();
        Logger logger = Logger.getLogger("com.almworks.sqlite4java");
        List<String> published = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                published.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            logger.info("info");
            logger.warning("warning");
            logger.severe("severe");
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(published).containsExactly("SEVERE severe");
    }

    @Test
    void endpoints_are127001_andCredentialsAreLettersAndDigits() {
        assertThat(stack.dynamoDbEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(stack.s3Endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(stack.credentials().resolveCredentials().accessKeyId()).matches("[A-Za-z0-9]+");
        assertThat(stack.credentials().resolveCredentials().secretAccessKey()).matches("[A-Za-z0-9]+");
        assertThat(stack.dataDir()).isEmpty();
    }

    @Test
    void twoStacksAtOnce_getDifferentPorts_keys_andSeparateData() throws Exception {
        try (EmbeddedStack other = EmbeddedStack.startInMemory(BUCKET);
                DynamoDbClient otherDynamoDb = StackClients.dynamoDb(other)) {
            createTable(otherDynamoDb, "only_in_other");
            assertThat(other.credentials().resolveCredentials().accessKeyId())
                    .isNotEqualTo(stack.credentials().resolveCredentials().accessKeyId());
            assertThat(other.credentials().resolveCredentials().secretAccessKey())
                    .isNotEqualTo(stack.credentials().resolveCredentials().secretAccessKey());

            assertThat(Set.of(stack.dynamoDbEndpoint().getPort(), stack.s3Endpoint().getPort(),
                    other.dynamoDbEndpoint().getPort(), other.s3Endpoint().getPort())).hasSize(4);
            assertThat(otherDynamoDb.listTables().tableNames()).contains("only_in_other");
            assertThat(dynamoDb.listTables().tableNames()).doesNotContain("only_in_other");
        }
    }

    @Test
    void closedStack_refusesConnections_andClosesAgainQuietly() throws Exception {
        EmbeddedStack closed = EmbeddedStack.startInMemory(BUCKET);
        int dynamoDbPort = closed.dynamoDbEndpoint().getPort();
        int s3Port = closed.s3Endpoint().getPort();

        closed.close();
        closed.close();

        assertThat(isListening(dynamoDbPort)).isFalse();
        assertThat(isListening(s3Port)).isFalse();
    }

    @Test
    void startOnDataDirThatIsAFile_failsWithOneLineMessage() throws Exception {
        Path file = Files.writeString(tempDir.resolve("not-a-dir"), "x", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EmbeddedStack.start(file, BUCKET))
                .isInstanceOf(EmbeddedStackException.class)
                .hasMessageStartingWith("cannot create DynamoDB Local directory " + file.resolve("dynamodb"))
                .hasMessageNotContaining("\n");
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }

    private static void createTable(DynamoDbClient client, String name) {
        client.createTable(request -> request.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
