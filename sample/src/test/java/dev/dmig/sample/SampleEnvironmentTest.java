package dev.dmig.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

class SampleEnvironmentTest {

    private static final String DEV = SamplePlan.DEV_SUFFIX;
    private static final String PROD = SamplePlan.PROD_SUFFIX;
    private static final SampleData SMALL = SampleData.scaled(0.05);

    private final FakeDynamoDb dynamoDb = new FakeDynamoDb();
    private final SampleEnvironment environment =
            new SampleEnvironment(dynamoDb, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO, 3);

    @Test
    void create_makesDevAndProdTablesWithTheSameKeysAndIndexes() {
        SampleEnvironment.Created created = environment.create(SMALL, DEV, PROD, false);

        assertThat(created.devTables()).hasSize(32).allMatch(name -> name.endsWith(DEV));
        assertThat(created.prodTables()).hasSize(32).allMatch(name -> name.endsWith(PROD));
        for (SampleTable table : SampleSchema.tables()) {
            CreateTableRequest dev = dynamoDb.tables.get(table.physicalName(DEV)).definition;
            CreateTableRequest prod = dynamoDb.tables.get(table.physicalName(PROD)).definition;
            assertThat(dev.toBuilder().tableName("t").build()).isEqualTo(prod.toBuilder().tableName("t").build());
            assertThat(dev).isEqualTo(table.createTableRequest(DEV));
        }
    }

    @Test
    void create_loadsEveryDevTableAndLeavesProdEmpty() {
        SampleEnvironment.Created created = environment.create(SMALL, DEV, PROD, false);

        for (String model : SMALL.models()) {
            assertThat(dynamoDb.tables.get(model + DEV).items).as(model).hasSize(SMALL.count(model));
            assertThat(dynamoDb.tables.get(model + PROD).items).as(model).isEmpty();
        }
        assertThat(created.itemsPerModel()).isEqualTo(SMALL.counts());
        assertThat(created.totalItems()).isEqualTo(SMALL.totalItems());
    }

    @Test
    void create_writesBatchesOfAtMostTwentyFive() {
        environment.create(SampleData.scaled(0.2), DEV, PROD, false);

        assertThat(dynamoDb.batchSizes).isNotEmpty().allMatch(size -> size >= 1 && size <= 25).contains(25);
    }

    @Test
    void create_retriesUnprocessedItemsUntilAllLand() {
        dynamoDb.unprocessedToReturn.set(5);
        SampleEnvironment single = new SampleEnvironment(dynamoDb, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO, 1);

        single.create(SMALL, DEV, PROD, false);

        long batches = SMALL.counts().values().stream().mapToLong(count -> (count + 24) / 25).sum();
        assertThat(dynamoDb.batchSizes).hasSize((int) batches + 5);
        assertThat(dynamoDb.batchSizes.subList(1, 6)).containsOnly(1);
        for (String model : SMALL.models()) {
            assertThat(dynamoDb.tables.get(model + DEV).items).as(model).hasSize(SMALL.count(model));
        }
    }

    @Test
    void create_givesUpOnItemsThatNeverLand_namingTheTable() {
        dynamoDb.neverProcess = true;
        SampleEnvironment single = new SampleEnvironment(dynamoDb, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO, 1);

        assertThatThrownBy(() -> single.create(SMALL, DEV, PROD, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("items still unprocessed after " + SampleEnvironment.MAX_BATCH_ATTEMPTS
                        + " BatchWriteItem attempts")
                .hasMessageContaining(DEV);
    }

    @Test
    void create_waitsUntilTablesAndIndexesAreActiveBeforeLoading() {
        dynamoDb.describesUntilActive = 3;

        environment.create(SMALL, DEV, PROD, false);

        String quoteItems = "QuoteItems" + DEV;
        assertThat(dynamoDb.callsNaming(quoteItems).indexOf("BatchWriteItem " + quoteItems))
                .isGreaterThan(dynamoDb.callsNaming(quoteItems).lastIndexOf("DescribeTable " + quoteItems));
        assertThat(dynamoDb.callsNaming(quoteItems).stream().filter(c -> c.startsWith("DescribeTable")).count())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void existingTables_withoutReplace_stopTheCallBeforeAnyChange() {
        dynamoDb.existing("Contacts" + DEV, contact("c-1"));

        assertThatThrownBy(() -> environment.create(SMALL, DEV, PROD, false))
                .isInstanceOf(SampleEnvironment.TablesExistException.class)
                .hasMessage("sample tables already exist (replace them to continue): Contacts" + DEV);
        assertThat(dynamoDb.calls).allMatch(call -> call.startsWith("DescribeTable "));
        assertThat(dynamoDb.tables.get("Contacts" + DEV).items).containsOnlyKeys("c-1");
    }

    @Test
    void replace_deletesAndRecreatesOnlyTablesOfTheGivenSuffixes() {
        dynamoDb.existing("Contacts" + DEV, contact("stale"));
        dynamoDb.existing("Contacts" + PROD, contact("prod-stale"));
        dynamoDb.existing("Contacts-otherapp-NONE", contact("keep-1"));
        dynamoDb.existing("Contacts", contact("keep-2"));

        environment.create(SMALL, DEV, PROD, true);

        assertThat(dynamoDb.tables.get("Contacts" + DEV).items).hasSize(SMALL.count("Contacts"))
                .doesNotContainKey("stale");
        assertThat(dynamoDb.tables.get("Contacts" + PROD).items).isEmpty();
        assertThat(dynamoDb.tables.get("Contacts-otherapp-NONE").items).containsOnlyKeys("keep-1");
        assertThat(dynamoDb.tables.get("Contacts").items).containsOnlyKeys("keep-2");
        assertThat(dynamoDb.calls).allMatch(call -> call.endsWith(DEV) || call.endsWith(PROD));
        assertThat(dynamoDb.calls).filteredOn(call -> call.startsWith("DeleteTable "))
                .containsExactlyInAnyOrder("DeleteTable Contacts" + DEV, "DeleteTable Contacts" + PROD);
    }

    @Test
    void blankOrEqualSuffixes_areRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> environment.create(SMALL, "", PROD, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("both table suffixes must be non-blank, were '' and '" + PROD + "'");
        assertThatThrownBy(() -> environment.create(SMALL, DEV, DEV, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dev and prod table suffixes must differ, both were '" + DEV + "'");
        assertThat(dynamoDb.calls).isEmpty();
    }

    @Test
    void progress_countsEveryLoadedItem() {
        Map<String, AtomicInteger> progress = new ConcurrentHashMap<>();

        environment.create(SMALL, DEV, PROD, false,
                (model, items) -> progress.computeIfAbsent(model, m -> new AtomicInteger()).addAndGet(items));

        SMALL.models().forEach(model -> assertThat(progress.get(model)).as(model).hasValue(SMALL.count(model)));
    }

    private static Map<String, AttributeValue> contact(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }
}
