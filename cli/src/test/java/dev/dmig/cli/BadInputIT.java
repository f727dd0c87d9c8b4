package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cognito.CognitoFront;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.ContentDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Bad input of every kind a person can give dmig: each ends with one line per problem naming
 * table, attribute and item key, a non-zero exit, no stack trace — and nothing written, proved by
 * digests of every target table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private DynamoDbClient dynamoDb;
    private String src;
    private String dst;
    private Path dir;
    private final List<String> targets = new ArrayList<>();

    @BeforeAll
    void setUp(@TempDir Path dir) {
        this.dir = dir;
        SharedStack.credentialsForTheCli();
        dynamoDb = SharedStack.dynamoDb();
        String tag = "bad" + ProcessHandle.current().pid();
        src = "-" + tag + "-dev";
        dst = "-" + tag + "-prod";
        table("Customers", src, key("id", ScalarAttributeType.S));
        table("Customers", dst, key("id", ScalarAttributeType.S));
        table("Orders", src, key("id", ScalarAttributeType.S));
        table("Orders", dst, key("id", ScalarAttributeType.S));
        table("Counters", src, key("id", ScalarAttributeType.N));
        table("Counters", dst, key("id", ScalarAttributeType.N));
        table("Lists", src, key("id", ScalarAttributeType.S));
        table("Lists", dst, key("id", ScalarAttributeType.S));
        table("Legacy", src, key("pk", ScalarAttributeType.S));
        table("Legacy", dst, key("pk", ScalarAttributeType.S));
        table("Events", src, key("id", ScalarAttributeType.S));
        table("Events", dst, key("id", ScalarAttributeType.S), key("at", ScalarAttributeType.S));
        table("Lonely", src, key("id", ScalarAttributeType.S));
        table("Scribbles", src, key("id", ScalarAttributeType.S));
        table("Scribbles", dst, key("id", ScalarAttributeType.S));
        table("Single", src, key("PK", ScalarAttributeType.S), key("SK", ScalarAttributeType.S));
        table("Single", dst, key("PK", ScalarAttributeType.S), key("SK", ScalarAttributeType.S));
        put("Customers" + src, Map.of("id", s("c1"), "name", s("Ada")));
        put("Orders" + src, Map.of("id", s("o1"), "customerId", s("c1")));
        put("Orders" + src, Map.of("id", s("o2"), "customerId", AttributeValue.fromN("42")));
        put("Counters" + src, Map.of("id", AttributeValue.fromN("7")));
        put("Legacy" + src, Map.of("pk", s("L-1"), "note", s("has no id attribute")));
        put("Single" + src, Map.of("PK", s("ORG#o1"), "SK", s("PROFILE")));
        put("Single" + src, Map.of("PK", s("ORG#o1"), "SK", s("ITEM#42")));
        for (int i = 0; i < 25; i++) {
            put("Scribbles" + src, Map.of("id", s("x" + i), "customerId", AttributeValue.fromN(Integer.toString(i))));
        }
        List<AttributeValue> ids = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            ids.add(s(Integer.toString(i, 36)));
        }
        put("Lists" + src, Map.of("id", s("big"), "customerIds", AttributeValue.fromL(ids)));
    }

    @AfterAll
    void tearDown() {
        dynamoDb.close();
    }

    @Test
    void malformedJson() throws IOException {
        CliRun r = run("{\"source\": {\"tableSuffix\": \"" + src + "\"},\n  \"target\": ");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).containsPattern("error: plan file \\S+ is not valid JSON \\(line 2, column 13\\): the text ends"
                + " inside an object\n");
    }

    @Test
    void unknownModel() throws IOException {
        CliRun r = run(plan("\"Customers\": {}, \"Orders\": {\"references\": {\"customerId\": \"Customer\"}}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("  table Orders, attribute customerId: references unknown model 'Customer' "
                + "(models in the plan: Customers, Orders)");
    }

    @Test
    void wrongSuffix_missingSourceTables() throws IOException {
        CliRun r = run(plan("\"Customers\": {}", "-nosuch-dev", dst));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  table Customers: source table Customers-nosuch-dev does not exist");
        assertThat(r.lastLine()).endsWith(": nothing was written");
    }

    @Test
    void sourceEqualsTarget() throws IOException {
        CliRun r = run(plan("\"Customers\": {}", src, src));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("  source and target table suffixes are the same ('" + src
                + "'): a migration must go from one environment to another");
    }

    @Test
    void missingTargetTable() throws IOException {
        CliRun r = run(plan("\"Lonely\": {}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  table Lonely: target table Lonely" + dst + " does not exist");
    }

    @Test
    void numericIdUnderSha256() throws IOException {
        CliRun r = run(plan("\"Counters\": {}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  table Counters, attribute id: sha256 IDs must be strings, but this key attribute is "
                + "of type N; use \"ids\": \"preserve\" for this table");
    }

    @Test
    void referenceOfTheWrongType() throws IOException {
        CliRun r = run(plan("\"Customers\": {}, \"Orders\": {\"references\": {\"customerId\": \"Customers\"}}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  table Orders, item id=o2, attribute customerId: expected a string ID, found a number (N)");
    }

    @Test
    void manyProblemsOfOneAttribute_areOneLine_withTheirCountAndFirstItems() throws IOException {
        CliRun r = run(plan("\"Customers\": {}, \"Scribbles\": {\"references\": {\"customerId\": \"Customers\"}}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out().lines().filter(line -> line.startsWith("  table Scribbles"))).singleElement().asString()
                .matches("  table Scribbles, attribute customerId: 25 items \\(first: item id=x\\d+, item id=x\\d+, item id=x\\d+\\): "
                        + "expected a string ID, found a number \\(N\\)");
        assertThat(r.out()).doesNotContain("more of the");
        assertThat(r.lastLine()).endsWith(": nothing was written");
    }

    @Test
    void anItemMissingItsId() throws IOException {
        CliRun r = run(plan("\"Legacy\": {}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  table Legacy, item pk=L-1, attribute id: the item has no ID attribute");
    }

    @Test
    void anItemTooLargeAfterMapping() throws IOException {
        CliRun r = run(plan("\"Customers\": {}, \"Lists\": {\"references\": {\"customerIds[]\": \"Customers\"}}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).containsPattern("  table Lists, item id=big: the mapped item would be \\d+ bytes, "
                + "over DynamoDB's 400 KB item limit");
    }

    @Test
    void aPatternThatDoesNotParse() throws IOException {
        CliRun r = run(plan("\"Single\": {\"idAttribute\": \"PK\", \"references\": {\"PK\": {\"pattern\": \"ORG#{id\", \"id\": \"Single\"}}}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("  table Single, attribute PK: pattern 'ORG#{id' does not parse: '{' at position 5 is not closed "
                + "(write {{ for a literal brace)");
    }

    @Test
    void aKeyValueThatMatchesNoneOfItsPatterns() throws IOException {
        CliRun r = run(plan("\"Single\": {\"idAttribute\": \"PK\", \"references\": {"
                + "\"PK\": {\"pattern\": \"ORG#{id}\", \"id\": \"Single\"},"
                + "\"SK\": [{\"pattern\": \"ORDER#{order}\", \"order\": \"Single\"}, {\"pattern\": \"PROFILE\"}]}}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  table Single, item PK=ORG#o1, SK=ITEM#42, attribute SK: 'ITEM#42' matches none of its "
                + "patterns ORDER#{order}, PROFILE; to copy it as it is, add {\"pattern\":\"ITEM#42\"} to its patterns, so that table"
                + " Single's references say \"SK\": [{\"pattern\":\"ORDER#{order}\",\"order\":\"Single\"},{\"pattern\":\"PROFILE\"},"
                + "{\"pattern\":\"ITEM#42\"}]\n");
        assertThat(r.lastLine()).endsWith(": nothing was written");
    }

    /** A sub of the identity maps below: {@code s} (source) or {@code t} (target) and the user's number. */
    private static String sub(char side, int n) {
        return (side == 's' ? "5" : "7") + "%07d-0000-4000-8000-000000000000".formatted(n);
    }

    @Test
    void anIdentityMapWithAUserTwice_opensNoRun() throws IOException {
        Files.writeString(dir.resolve("twice.csv"), "source_sub,target_sub\n" + sub('s', 1) + "," + sub('t', 1) + "\n"
                + sub('s', 2) + "," + sub('t', 2) + "\n" + sub('s', 1) + "," + sub('t', 3) + "\n");
        CliRun r = run(identities("twice.csv"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error: the plan has 1 problem, nothing was written:\n"
                + "  twice.csv line 4: source_sub " + sub('s', 1) + " is mapped on line 2 too; map each source user once");
        assertNoRun();
    }

    @Test
    void anIdentityMapWithAValueThatIsNoSubOrIdentityId_opensNoRun_namingFileLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("values.csv"), "source_sub,target_sub,source_identity_id,target_identity_id\n"
                + sub('s', 1) + ",=cmd|' /C calc'!A0,,\n" + sub('s', 2) + "," + sub('t', 2) + ",us-east-1:" + sub('s', 2) + ",../x\n");
        CliRun r = run(identities("values.csv"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error: the plan has 2 problems, nothing was written:\n"
                + "  values.csv line 2: target_sub '=cmd|' /C calc'!A0' is not a sub (a user's UUID in the pool, as "
                + "1324b110-34cc-408c-add8-36292f6a20b3)\n"
                + "  values.csv line 3: target_identity_id '../x' is not an identity ID (<region>:<uuid>, as "
                + "us-east-1:7d2bdf52-4b1c-4d6e-9f3a-a7b5a7fb8dad)\n");
        assertNoRun();
    }

    @Test
    void anIdentityMapWithAMalformedRow_opensNoRun() throws IOException {
        Files.writeString(dir.resolve("short.csv"), sub('s', 1) + "," + sub('t', 1) + "\n" + sub('s', 2) + "\n");
        CliRun r = run(identities("short.csv"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("  short.csv line 2: 1 field, expected 2 (source_sub,target_sub)");
        assertNoRun();
    }

    @Test
    void anIdentityMapThatIsNotThere() throws IOException {
        CliRun r = run(identities("missing.csv"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error: identity map " + dir.toAbsolutePath().resolve("missing.csv") + " does not exist "
                + "(the plan's identities.csv, missing.csv, is read relative to the plan file ");
        assertNoRun();
    }

    @Test
    void aUserPoolDmigMayNotRead_isRefusedBeforeTheRunOpens_namingTheActionThePoolAndWho() throws IOException {
        CognitoLocal cognito = CognitoLocal.shared();
        String dev = cognito.createPool("bad-dev", false);
        String prod = cognito.createPool("bad-prod", true);
        // A front before cognito-local (which checks no IAM) answers as Cognito does for a caller without the permission.
        try (CognitoFront front = new CognitoFront(cognito.endpoint(), 60)) {
            front.deny(prod);
            CliRun r = run(pools(dev, prod, front.endpoint()));

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).contains("  1 problem, nothing was written: target.userPoolId " + prod + ": dmig may not read this user "
                    + "pool (access denied); allow cognito-idp:ListUsers on arn:aws:cognito-idp:us-east-1:111111111111:userpool/"
                    + prod + " to arn:aws:sts::111111111111:assumed-role/dmig-analyze/dmig-run, or give the map as identities.csv");
            assertThat(r.lastLine()).endsWith(": nothing was written");
            assertNothingHeld();
        }
    }

    @Test
    void aUserPoolThatIsNotThere_isRefusedBeforeTheRunOpens() throws IOException {
        CognitoLocal cognito = CognitoLocal.shared();
        String prod = cognito.createPool("bad-prod", true);
        CliRun r = run(pools("local_nope", prod, cognito.endpoint()));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  1 problem, nothing was written: source.userPoolId local_nope: no such user pool at " + cognito.endpoint() + " (check "
                + "source.userPoolId and source.userPoolEndpoint)");
        assertNothingHeld();
    }

    /** A plan whose Customers' owner is an identity, mapped from the two pools (at {@code endpoint}, cognito-local or a front). */
    private String pools(String dev, String prod, java.net.URI endpoint) {
        return identities("unused").replace("\"identities\": {\"csv\": \"unused\"}, ", "")
                .replace("{\"tableSuffix\": \"" + src + "\"}", "{\"tableSuffix\": \"" + src + "\", \"userPoolId\": \"" + dev
                        + "\", \"userPoolEndpoint\": \"" + endpoint + "\"}")
                .replace("{\"tableSuffix\": \"" + dst + "\"}", "{\"tableSuffix\": \"" + dst + "\", \"userPoolId\": \"" + prod
                        + "\", \"userPoolEndpoint\": \"" + endpoint + "\"}");
    }

    /** The last run refused opened no run and holds no lock on the target. */
    private void assertNothingHeld() {
        String runId = "bad-" + RUNS.get() + "-" + ProcessHandle.current().pid();
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        assertThat(artifacts.get(RunLayout.manifest(runId))).as("no run opened").isEmpty();
        assertThat(artifacts.get(RunLock.key(dst))).as("the target is not locked").isEmpty();
    }

    /** A plan whose Customers' owner is an identity, mapped by {@code csv}. */
    private String identities(String csv) {
        return plan("\"Customers\": {\"references\": {\"owner\": \"@owner\"}}").replace("\"tables\"",
                "\"identities\": {\"csv\": \"" + csv + "\"}, \"tables\"");
    }

    /** The last run refused was never opened: nothing of it in the bucket. */
    private static void assertNoRun() {
        String runId = "bad-" + RUNS.get() + "-" + ProcessHandle.current().pid();
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        assertThat(artifacts.list(RunLayout.prefix(runId))).isEmpty();
        assertThat(artifacts.get(RunLayout.identitiesUpload(runId))).isEmpty();
    }

    @Test
    void keySchemasThatDiffer() throws IOException {
        CliRun r = run(plan("\"Events\": {}"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("  table Events: key schemas differ: source hash id (S), target hash id (S), range at (S)");
    }

    /** One refused run: it must also leave the targets untouched and print no trace. */
    private CliRun run(String planText) throws IOException {
        Map<String, String> before = digests();
        Path file = dir.resolve("plan" + RUNS.incrementAndGet() + ".json");
        Files.writeString(file, planText);
        CliRun result = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", file.toString(), "--confirm",
                "--run", "bad-" + RUNS.get() + "-" + ProcessHandle.current().pid());
        assertThat(result.out() + result.err()).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(digests()).as("target tables after a refused run").isEqualTo(before);
        return result;
    }

    private String plan(String tables) {
        return plan(tables, src, dst);
    }

    private static String plan(String tables, String source, String target) {
        return "{\"source\": {\"tableSuffix\": \"" + source + "\"}, \"target\": {\"tableSuffix\": \"" + target + "\"}, "
                + "\"idNamespace\": \"it\", \"tables\": {" + tables + "}}";
    }

    private Map<String, String> digests() {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String table : targets) {
            ContentDigest digest = new ContentDigest();
            dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(digest::add);
            digests.put(table, digest.count() + ":" + digest.hex());
        }
        return digests;
    }

    private void table(String model, String suffix, KeySchemaElement... keys) {
        List<AttributeDefinition> definitions = new ArrayList<>();
        for (KeySchemaElement key : keys) {
            definitions.add(AttributeDefinition.builder().attributeName(key.attributeName())
                    .attributeType(key.keyType() == KeyType.HASH && key.attributeName().equals("id") && model.equals("Counters")
                            ? ScalarAttributeType.N : ScalarAttributeType.S).build());
        }
        dynamoDb.createTable(b -> b.tableName(model + suffix).keySchema(keys).attributeDefinitions(definitions)
                .billingMode(BillingMode.PAY_PER_REQUEST));
        if (suffix.equals(dst)) {
            targets.add(model + suffix);
        }
    }

    private static KeySchemaElement key(String name, ScalarAttributeType type) {
        KeyType keyType = name.equals("at") || name.equals("SK") ? KeyType.RANGE : KeyType.HASH;
        return KeySchemaElement.builder().attributeName(name).keyType(keyType).build();
    }

    private void put(String table, Map<String, AttributeValue> item) {
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
