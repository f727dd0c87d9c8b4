package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.local.SharedStack;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.ReferencePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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
 * A schema unlike the sample's: a table keyed by slugs, one keyed by short numbers kept as strings,
 * and a child table whose partition key is its parent's ID under a numeric sort key. `infer` proposes
 * each of those references, and a migration with the proposed plan keeps every relationship.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferKeysAndSlugsIT {
    private static final List<String> SLUGS = List.of("garden-tools", "kitchen", "power-tools", "lighting", "paint");
    private static final List<String> WAREHOUSES = List.of("7", "12", "31", "44");

    private final String dev = "-shop" + ProcessHandle.current().pid() + "-dev";
    private final String prod = "-shop" + ProcessHandle.current().pid() + "-prod";
    private final List<String> projects = new ArrayList<>();
    private DynamoDbClient dynamoDb;

    @BeforeAll
    void setUp() {
        SharedStack.credentialsForTheCli();
        dynamoDb = SharedStack.dynamoDb();
        for (String suffix : List.of(dev, prod)) {
            create("Categories" + suffix, "slug", ScalarAttributeType.S, null, null);
            create("Warehouses" + suffix, "id", ScalarAttributeType.S, null, null);
            create("Projects" + suffix, "id", ScalarAttributeType.S, null, null);
            create("Products" + suffix, "id", ScalarAttributeType.S, null, null);
            create("Milestones" + suffix, "projectId", ScalarAttributeType.S, "seq", ScalarAttributeType.N);
        }
        SLUGS.forEach(slug -> put("Categories", Map.of("slug", s(slug), "title", s(slug.replace('-', ' ')))));
        WAREHOUSES.forEach(id -> put("Warehouses", Map.of("id", s(id), "city", s("city " + id))));
        for (int i = 0; i < 12; i++) {
            String project = UUID.nameUUIDFromBytes(("project" + i).getBytes()).toString();
            projects.add(project);
            put("Projects", Map.of("id", s(project), "name", s("project " + i)));
            for (int seq = 1; seq <= 3; seq++) {
                put("Milestones", Map.of("projectId", s(project), "seq", AttributeValue.fromN(String.valueOf(seq)),
                        "title", s("step " + seq)));
            }
        }
        for (int i = 0; i < 30; i++) {
            put("Products", Map.of("id", s(UUID.nameUUIDFromBytes(("product" + i).getBytes()).toString()),
                    "categorySlug", s(SLUGS.get(i % SLUGS.size())), "warehouseId", s(WAREHOUSES.get(i % WAREHOUSES.size()))));
        }
    }

    @AfterAll
    void tearDown() {
        for (String model : List.of("Categories", "Warehouses", "Projects", "Products", "Milestones")) {
            for (String suffix : List.of(dev, prod)) {
                dynamoDb.deleteTable(b -> b.tableName(model + suffix));
            }
        }
    }

    @Test
    void slugAndNumberIds_andAParentIdInTheKey_areProposed_andMigrateWithEveryRelationship(@TempDir Path dir)
            throws IOException {
        CliRun inferred = dmig("infer", "--source-suffix", dev, "--target-suffix", prod);

        assertThat(inferred.code()).as(inferred.err()).isZero();
        MigrationPlan plan = PlanParser.parse(inferred.out());
        assertThat(references(plan, "Products")).isEqualTo(Map.of("categorySlug", "Categories", "warehouseId", "Warehouses"));
        assertThat(references(plan, "Milestones")).isEqualTo(Map.of("projectId", "Projects"));
        assertThat(plan.table("Milestones").idAttribute()).isEqualTo("seq");
        assertThat(plan.table("Milestones").ids()).isEqualTo(IdStrategy.PRESERVE);
        assertThat(references(plan, "Projects")).isEmpty();
        assertThat(references(plan, "Categories")).isEmpty();
        assertThat(references(plan, "Warehouses")).isEmpty();
        assertThat(inferred.err()).contains("its partition key 'projectId' holds IDs of Projects (12 of 12): proposed as a reference");

        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, inferred.out());
        CliRun migrated = dmig("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run", "infer-shop",
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET);
        assertThat(migrated.code()).as(migrated.out()).isEqualTo(ExitCode.OK);

        IdMapper ids = new IdMapper(plan.idNamespace());
        Map<String, String> newProject = projects.stream().collect(Collectors.toMap(p -> p,
                p -> ids.newId("Projects", p)));
        List<Map<String, AttributeValue>> milestones = scan("Milestones" + prod);
        assertThat(milestones).hasSize(36);
        assertThat(milestones).allSatisfy(m -> assertThat(newProject.values()).contains(m.get("projectId").s()));
        assertThat(scan("Projects" + prod)).extracting(p -> p.get("id").s()).containsExactlyInAnyOrderElementsOf(newProject.values());
        Map<String, Long> perProject = milestones.stream().collect(Collectors.groupingBy(m -> m.get("projectId").s(),
                Collectors.counting()));
        assertThat(perProject.values()).containsOnly(3L);
        // Slugs read as names and keep their values; numbers kept as strings are sequences and get new IDs.
        assertThat(plan.table("Categories").ids()).isEqualTo(IdStrategy.PRESERVE);
        assertThat(plan.table("Warehouses").ids()).isEqualTo(IdStrategy.SHA256);
        List<String> categories = scan("Categories" + prod).stream().map(c -> c.get("slug").s()).toList();
        List<String> warehouses = scan("Warehouses" + prod).stream().map(w -> w.get("id").s()).toList();
        assertThat(categories).containsExactlyInAnyOrderElementsOf(SLUGS);
        assertThat(warehouses).doesNotContainAnyElementsOf(WAREHOUSES).hasSize(WAREHOUSES.size());
        assertThat(scan("Products" + prod)).hasSize(30).allSatisfy(p -> {
            assertThat(categories).contains(p.get("categorySlug").s());
            assertThat(warehouses).contains(p.get("warehouseId").s());
        });
    }

    private static Map<String, String> references(MigrationPlan plan, String model) {
        Map<String, String> references = new HashMap<>();
        plan.table(model).references().forEach((ReferencePath path, String target) -> references.put(path.text(), target));
        return references;
    }


    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedDynamoDb(), args);
    }

    private void create(String table, String hash, ScalarAttributeType hashType, String range, ScalarAttributeType rangeType) {
        List<KeySchemaElement> keys = new ArrayList<>(List.of(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build()));
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(
                AttributeDefinition.builder().attributeName(hash).attributeType(hashType).build()));
        if (range != null) {
            keys.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName(range).attributeType(rangeType).build());
        }
        dynamoDb.createTable(b -> b.tableName(table).keySchema(keys).attributeDefinitions(attributes)
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private void put(String model, Map<String, AttributeValue> item) {
        dynamoDb.putItem(b -> b.tableName(model + dev).item(item));
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        return dynamoDb.scanPaginator(b -> b.tableName(table)).items().stream().toList();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
