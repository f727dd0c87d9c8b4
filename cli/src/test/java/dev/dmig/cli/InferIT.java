package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.TestFeatures;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.infer.InferredPlan;
import dev.dmig.infer.PlanInference;
import dev.dmig.infer.StoreTableReader;
import dev.dmig.infer.Thresholds;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValuePattern;
import dev.dmig.sample.SampleData;
import dev.dmig.store.DynamoDbItemStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code dmig infer} on the shipped sample app in DynamoDB Local: the references it proposes are
 * exactly the hand-written plan's, its plan is one dmig accepts, and it writes nothing.
 *
 * <p>Its identity references are the shipped plan's and, where the shipped plan does not map them, the sample's
 * owner values: every table's {@code owner} ({@code <sub>::<username>}, Amplify's owner auth) and the two attributes
 * the sample fills with one ({@code ContactAuditLog.changedBy}, {@code ProjectPermissions.grantedBy}). These are
 * users' identities, so proposing them is true; a shipped plan that maps them the same way changes nothing here.
 *
 * <p>Where the inferred plan differs from the shipped one, it is by design: {@code Auth} (skipped by
 * the shipped plan) and {@code AppPreferences} (kept IDs there) are ordinary tables to infer, since
 * skipping and keeping UUIDs are decisions, not facts in the data; {@code SecureConfig}, keyed by
 * {@code key} (S), is marked preserve because its keys are names ({@code stripe.secretKey}), which
 * code looks up by name; {@code ContactAuditLog}'s composite key (id, createdAt) keeps sha256 like
 * the shipped plan, because its partition key is a UUID of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferIT {
    private SampleApp app;
    private Map<String, Map<String, String>> expected;
    private Set<String> users;

    @BeforeAll
    void setUp() {
        SharedStack.credentialsForTheCli();
        app = new SampleApp("infer", SampleData.standard());
        expected = expected();
        users = users();
    }

    @AfterAll
    void tearDown() {
        app.close();
    }

    /** Only a DynamoDB endpoint: infer needs no S3. */
    private CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedDynamoDb(), args);
    }

    @Test
    void infer_proposesExactlyTheShippedPlansReferences_andWritesNothing(@TempDir Path dir) throws IOException {
        Map<String, String> devBefore = app.digests(app.devSuffix);
        Map<String, String> prodBefore = app.digests(app.prodSuffix);
        Path evidence = dir.resolve("evidence.json");

        CliRun result = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix,
                "--evidence", evidence.toString());

        assertThat(result.code()).as(result.err()).isZero();
        MigrationPlan inferred = PlanParser.parse(result.out());
        assertThat(inferred.sourceSuffix()).isEqualTo(app.devSuffix);
        assertThat(inferred.targetSuffix()).isEqualTo(app.prodSuffix);
        assertThat(inferred.tables().keySet()).containsExactlyInAnyOrderElementsOf(app.plan.tables().keySet());
        assertThat(references(inferred)).isEqualTo(expected);
        assertThat(inferred.identities().csv()).isEqualTo(InferredPlan.IDENTITIES_CSV);

        // The only table whose IDs are kept: its keys are names. No sample table has a numeric key.
        Map<String, IdStrategy> ids = new TreeMap<>();
        inferred.tables().forEach((model, table) -> ids.put(model, table.ids()));
        assertThat(ids).containsEntry("SecureConfig", IdStrategy.PRESERVE)
                .containsEntry("AppPreferences", IdStrategy.SHA256)
                .containsEntry("ContactAuditLog", IdStrategy.SHA256);
        assertThat(ids.values().stream().filter(IdStrategy.PRESERVE::equals)).hasSize(1);
        assertThat(inferred.table("SecureConfig").idAttribute()).isEqualTo("key");
        assertThat(inferred.tables().values()).allSatisfy(t -> assertThat(t.skip()).isFalse());

        assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);
        assertThat(app.digests(app.prodSuffix)).isEqualTo(prodBefore);

        JsonNode tables = Json.tree(Files.readAllBytes(evidence)).get("tables");
        JsonNode agent = reference(tables, "Requests", "agentContactId");
        assertThat(agent.get("matched").asInt()).isEqualTo(agent.get("checked").asInt() - SampleData.ORPHAN_REQUEST_AGENT_CONTACTS);
        assertThat(agent.get("unresolved")).hasSize(SampleData.ORPHAN_REQUEST_AGENT_CONTACTS);
        assertThat(agent.get("method").asText()).isEqualTo("sample");
        JsonNode address = reference(tables, "Projects", "addressId");
        assertThat(address.get("checked").asInt() - address.get("matched").asInt()).isEqualTo(SampleData.ORPHAN_PROJECT_ADDRESSES);
        long whole = count(expected, v -> !v.startsWith("@") && !v.contains("{"));
        long identities = count(expected, v -> v.startsWith("@"));
        long patterns = count(expected, v -> v.contains("{"));
        long tablesWithSome = expected.values().stream().filter(m -> !m.isEmpty()).count();
        assertThat(result.err()).contains("dmig infer: " + app.plan.tables().size() + " tables end with " + app.devSuffix, whole + " references",
                identities + " identity references", patterns == 0 ? "identity references proposed" : patterns + " pattern",
                "proposed in " + tablesWithSome + " tables", "1 table keeps its IDs",
                "not inferred, left at their defaults: skip, set, remove, rename, unique, idNamespace");
    }

    @Test
    void aSmallSample_looksValuesUp_andFindsTheSameReferences() {
        CliRun result = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix, "--sample", "100",
                "--read-whole-under", "0");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(references(PlanParser.parse(result.out()))).isEqualTo(expected);
        assertThat(result.err()).containsPattern("looked up [1-9][0-9,]* values");
    }

    @Test
    void anUnknownSuffix_isAOneLineError() {
        CliRun result = dmig("infer", "--source-suffix", "-no-such-env");

        assertThat(result.code()).isEqualTo(ExitCode.INVALID);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).startsWith("error: no table name ends with '-no-such-env' (")
                .endsWith("tables listed): check --source-suffix and where dmig looks (--dynamodb-endpoint, --region)")
                .doesNotContain("\n");
    }

    /**
     * With --out, the plan goes to the file only once infer has succeeded: a failed run leaves an edited plan as it was
     * (with {@code > plan.json} the shell had emptied it before infer started), an existing file is written over only
     * with --force, and what follows names the file given.
     */
    @Test
    void out_writesThePlanOnlyOnSuccess_andNeverOverAFileWithoutForce(@TempDir Path dir) throws IOException {
        Path plan = dir.resolve("my plan.json");
        CliRun first = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix, "--out", plan.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(PlanParser.parse(Files.readString(plan)).tables().keySet()).containsExactlyInAnyOrderElementsOf(app.plan.tables().keySet());
        assertThat(first.err()).contains("\nplan: " + plan + "\n")
                .contains("then: dmig analyze --plan '" + plan + "'\n");

        String edited = "{\n  \"onConflict\": \"skip\"," + Files.readString(plan).substring(1);
        Files.writeString(plan, edited);
        CliRun again = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix, "--out", plan.toString());
        assertThat(again.code()).isEqualTo(ExitCode.INVALID);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("error: --out " + plan + " exists: add --force to write over it (it may be a plan you"
                + " edited), or name another file; nothing was written\n");

        CliRun failed = dmig("infer", "--source-suffix", "-no-such-env", "--out", plan.toString(), "--force");
        assertThat(failed.code()).isEqualTo(ExitCode.INVALID);
        assertThat(Files.readString(plan)).as("the edited plan, after a failed infer").isEqualTo(edited);
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing left beside it").containsExactly(plan);
        }

        CliRun forced = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix, "--out", plan.toString(),
                "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(plan)).isNotEqualTo(edited);
        assertThat(PlanParser.parse(Files.readString(plan)).tables().keySet()).containsExactlyInAnyOrderElementsOf(app.plan.tables().keySet());
    }

    @Test
    void infer_sendsOnlyReadRequests() {
        Set<String> operations = ConcurrentHashMap.newKeySet();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .endpointOverride(SharedStack.stack().dynamoDbEndpoint())
                .region(SharedStack.stack().region())
                .credentialsProvider(SharedStack.stack().credentials())
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build()) {
            InferredPlan plan = PlanInference.infer(new StoreTableReader(new DynamoDbItemStore(dynamoDb)),
                    new PlanInference.Options(app.devSuffix, app.prodSuffix, 100, Thresholds.DEFAULT), line -> { });
            assertThat(plan.references()).isNotEmpty();
        }
        assertThat(operations).contains("ListTables", "DescribeTable", "Scan", "BatchGetItem")
                .isSubsetOf("ListTables", "DescribeTable", "Scan", "BatchGetItem", "Query");
    }

    @Test
    void theInferredPlan_passesAnalysis(@TempDir Path dir) throws IOException {
        CliRun inferred = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix);
        Path plan = dir.resolve("inferred.json");
        Files.writeString(plan, inferred.out());
        CliRun run = analyze(plan, "infer-analyze");
        assertThat(run.code()).as(run.out() + "\n" + run.err()).isZero();
        assertThat(run.out()).contains("SUCCEEDED  run infer-analyze (dry-run)", "  identities: " + users.size() + " users in identities.csv");
    }

    /**
     * {@code dmig infer --mask} with the app's schema proposes a mask for its people (the contacts' emails, names, phones
     * and street, the emails of every table that keeps one), with why and no value in what it prints; the plan is accepted
     * by a masked analysis, whose strict mode refuses nothing, and the same plan without one table's rules is refused.
     */
    @Test
    void theInferredPlanWithMask_passesAMaskedAnalysis_whoseStrictModeRefusesNothing(@TempDir Path dir) throws IOException {
        TestFeatures.assumeHas("MaskFeature"); // infer --mask proposes masking's keys
        Path schema = dir.resolve("schema.graphql");
        try (java.io.InputStream in = SampleData.class.getResourceAsStream("/sample/schema.graphql")) {
            Files.copy(in, schema);
        }
        Path plan = dir.resolve("preview.json");

        CliRun inferred = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix, "--schema",
                schema.toString(), "--mask", "--out", plan.toString());

        assertThat(inferred.code()).as(inferred.err()).isZero();
        JsonNode written = Json.MAPPER.readTree(Files.readString(plan));
        assertThat(written.at("/mask/keyFrom").asText()).isEqualTo(InferredPlan.MASK_KEY_FROM);
        JsonNode contacts = written.at("/tables/Contacts/mask");
        assertThat(Map.of("email", contacts.path("email").asText(), "firstName", contacts.path("firstName").asText(),
                "lastName", contacts.path("lastName").asText(), "phone", contacts.path("phone").asText(),
                "mailingAddress.street", contacts.path("mailingAddress.street").asText())).isEqualTo(Map.of("email", "email",
                "firstName", "givenName", "lastName", "familyName", "phone", "phone", "mailingAddress.street", "address"));
        for (String model : List.of("Auth", "ContactUs", "Affiliates", "EmailSuppressionList")) {
            assertThat(written.at("/tables/" + model + "/mask/email").asText()).as(model).isEqualTo("email");
        }
        assertThat(inferred.err()).contains("masking (--mask): ", "email → email (schema type AWSEmail, ",
                "set DMIG_MASK_KEY to a secret of at least 16 characters, then: dmig analyze --plan " + plan);
        String printed = inferred.err() + Files.readString(plan);
        app.dynamoDb.scanPaginator(b -> b.tableName("Contacts" + app.devSuffix)).items().forEach(item ->
                assertThat(printed).doesNotContain(item.get("email").s(), item.get("phone").s()));

        // The key from the variable this JVM holds: the plan names it, as it may name any (docs/plan.md, mask.keyFrom).
        ((com.fasterxml.jackson.databind.node.ObjectNode) written.get("mask")).put("keyFrom", "DMIG_TEST_MASK_KEY");
        Files.writeString(plan, Json.MAPPER.writeValueAsString(written));
        CliRun run = analyze(plan, "infer-mask-analyze");
        assertThat(run.code()).as(run.out() + "\n" + run.err()).isZero();
        assertThat(run.out()).contains("SUCCEEDED  run infer-mask-analyze (dry-run)", "masking: key from DMIG_TEST_MASK_KEY",
                "masking: table Contacts: ");
        assertThat(run.out() + run.err()).doesNotContain("neither masks nor keeps");

        // Strict mode does refuse: the same plan without the contacts' rules.
        ((com.fasterxml.jackson.databind.node.ObjectNode) written.at("/tables/Contacts")).remove("mask");
        Files.writeString(plan, Json.MAPPER.writeValueAsString(written));
        CliRun refused = analyze(plan, "infer-mask-refused");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("table Contacts, attribute email: ", "neither masks nor keeps it");
    }

    /** A dry run of {@code plan}, beside the identity map infer asks for, as a team would write it. */
    private CliRun analyze(Path plan, String runId) throws IOException {
        // Each development user beside a production one.
        StringBuilder csv = new StringBuilder("source_sub,target_sub\n");
        users.forEach(sub -> csv.append(sub).append(',').append(UUID.nameUUIDFromBytes(("prod" + sub).getBytes())).append('\n'));
        Files.writeString(plan.resolveSibling(InferredPlan.IDENTITIES_CSV), csv);
        List<String> args = new ArrayList<>(List.of("analyze", "--plan", plan.toString(), "--run", runId,
                "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id()));
        return CliRun.execute(args, null);
    }

    /**
     * What a plan maps, model → path → what the path holds: a model ({@code Contacts}), an identity ({@code @owner}), or
     * a pattern's alternatives with what each placeholder that maps holds ({@code ORDER#{order} order=App | PROFILE}).
     */
    static Map<String, Map<String, String>> references(MigrationPlan plan) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (TablePlan table : plan.tables().values()) {
            Map<String, String> references = new TreeMap<>();
            table.references().forEach((path, model) -> references.put(path.text(), model));
            table.mappings().forEach((path, mapping) -> references.put(path.text(), String.join(" | ",
                    mapping.alternatives().stream().map(InferIT::described).toList())));
            all.put(table.model(), references);
        }
        return all;
    }

    private static String described(ValuePattern pattern) {
        StringBuilder text = new StringBuilder(pattern.text());
        for (ValuePattern.Placeholder placeholder : pattern.placeholders()) {
            if (placeholder.name().isEmpty()) {
                continue;
            }
            if (placeholder.target() instanceof PlaceholderTarget.Model model) {
                text.append(' ').append(placeholder.name()).append('=').append(model.model());
            } else if (placeholder.target() instanceof PlaceholderTarget.Identity identity) {
                text.append(' ').append(placeholder.name()).append('=').append(identity.kind().planName());
            }
        }
        return text.toString();
    }

    /** The shipped plan's references, and the sample's owner values as {@code @owner} where the plan does not map them. */
    private Map<String, Map<String, String>> expected() {
        Map<String, Map<String, String>> expected = references(app.plan);
        for (String model : app.plan.tables().keySet()) {
            boolean owned = app.dynamoDb.scanPaginator(b -> b.tableName(model + app.devSuffix)).items().stream()
                    .anyMatch(item -> item.containsKey("owner"));
            if (owned) {
                expected.get(model).putIfAbsent("owner", "@owner");
            }
        }
        expected.get("ContactAuditLog").putIfAbsent("changedBy", "@owner");
        expected.get("ProjectPermissions").putIfAbsent("grantedBy", "@owner");
        return expected;
    }

    /** The subs of the sample's owner values, in every table. */
    private Set<String> users() {
        Set<String> subs = new TreeSet<>();
        for (String model : app.plan.tables().keySet()) {
            app.dynamoDb.scanPaginator(b -> b.tableName(model + app.devSuffix)).items().forEach(item -> {
                if (item.containsKey("owner")) {
                    subs.add(item.get("owner").s().substring(0, item.get("owner").s().indexOf("::")));
                }
            });
        }
        return subs;
    }

    private static long count(Map<String, Map<String, String>> references, java.util.function.Predicate<String> kind) {
        return references.values().stream().flatMap(m -> m.values().stream()).filter(kind).count();
    }

    private static JsonNode reference(JsonNode tables, String model, String path) {
        for (JsonNode table : tables) {
            if (table.get("model").asText().equals(model)) {
                for (JsonNode reference : table.get("references")) {
                    if (reference.get("path").asText().equals(path)) {
                        return reference;
                    }
                }
            }
        }
        throw new AssertionError("no evidence for " + model + "." + path);
    }
}
