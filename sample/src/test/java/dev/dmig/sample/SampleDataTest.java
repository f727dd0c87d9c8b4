package dev.dmig.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.store.ItemSize;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class SampleDataTest {

    private static final Pattern UUID_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final SampleData STANDARD = SampleData.standard();
    private static final PlanFile PLAN = PlanFile.shipped();

    @Test
    void sameSeedAndScale_generateIdenticalItems() {
        SampleData again = new SampleData(SampleData.DEFAULT_SEED, 1.0);
        for (String model : STANDARD.models()) {
            assertThat(again.items(model).toList()).as(model).isEqualTo(STANDARD.items(model).toList());
            assertThat(again.items(model).map(Object::toString).toList())
                    .as(model).isEqualTo(STANDARD.items(model).map(Object::toString).toList());
        }
    }

    @Test
    void itemsStream_canBeConsumedTwiceWithTheSameResult() {
        assertThat(STANDARD.items("Quotes").toList()).isEqualTo(STANDARD.items("Quotes").toList());
    }

    @Test
    void anotherSeed_generatesOtherIds() {
        SampleData other = new SampleData(SampleData.DEFAULT_SEED + 1, 1.0);
        assertThat(other.id("Contacts", 0)).isNotEqualTo(STANDARD.id("Contacts", 0));
        assertThat(other.item("Contacts", 0)).isNotEqualTo(STANDARD.item("Contacts", 0));
    }

    @Test
    void standardData_hasTheDocumentedVolumes() {
        assertThat(STANDARD.totalItems()).isEqualTo(4107);
        assertThat(STANDARD.counts()).containsEntry("Contacts", 300).containsEntry("Properties", 250)
                .containsEntry("Requests", 400).containsEntry("Projects", 150).containsEntry("Quotes", 250)
                .containsEntry("QuoteItems", 900).containsEntry("NotificationTemplate", 12)
                .containsEntry("Auth", 20).containsEntry("AppPreferences", 10).containsEntry("SecureConfig", 8)
                .containsEntry("UserProfiles", SampleData.USERS);
        for (String model : STANDARD.models()) {
            assertThat(STANDARD.items(model).count()).as(model).isEqualTo(STANDARD.count(model));
        }
    }

    @Test
    void models_areTheSchemaModelsInLevelOrder() {
        assertThat(STANDARD.models()).isEqualTo(SampleSchema.models());
    }

    @Test
    void everyItem_carriesANonEmptyStringForEachKeyAttribute() {
        for (SampleTable table : SampleSchema.tables()) {
            STANDARD.items(table.model()).forEach(item -> {
                for (String key : table.keyAttributes()) {
                    assertThat(item.get(key)).as(table.model() + "." + key).isNotNull();
                    assertThat(item.get(key).s()).as(table.model() + "." + key).isNotEmpty();
                }
            });
        }
    }

    @Test
    void ids_areUniqueWithinEachTableAndLookLikeAmplifyUuids() {
        for (PlanFile.TableEntry table : PLAN.tables().values()) {
            List<String> ids = STANDARD.items(table.model()).map(item -> item.get(table.idAttribute()).s()).toList();
            assertThat(new HashSet<>(ids)).as(table.model()).hasSize(ids.size());
            if (table.model().equals("UserProfiles")) {
                assertThat(ids).as(table.model()).allMatch(id -> id.startsWith("USER#")
                        && UUID_V4.matcher(id.substring("USER#".length())).matches());
            } else if (!table.model().equals("SecureConfig")) {
                assertThat(ids).as(table.model()).allMatch(id -> UUID_V4.matcher(id).matches());
            }
        }
    }

    @Test
    void idAccessor_matchesTheItemsIdAttribute() {
        assertThat(STANDARD.item("Projects", 7).get("id").s()).isEqualTo(STANDARD.id("Projects", 7));
        assertThat(STANDARD.item("SecureConfig", 2).get("key").s()).isEqualTo(STANDARD.id("SecureConfig", 2));
        assertThatThrownBy(() -> STANDARD.id("Projects", 150)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void indexKeyAttributes_areAbsentOrNonEmptyValuesOfTheirType() {
        // DynamoDB rejects a write whose index key is NULL, "" or of another type; absent is fine.
        for (SampleTable table : SampleSchema.tables()) {
            for (SampleTable.Index index : table.indexes()) {
                List<SampleTable.KeyAttribute> keys = new ArrayList<>();
                keys.add(index.hashKey());
                if (index.rangeKey() != null) {
                    keys.add(index.rangeKey());
                }
                long present = STANDARD.items(table.model()).filter(item -> item.containsKey(index.hashKey().name())).count();
                assertThat(present).as(table.model() + " " + index.name() + " is used").isPositive();
                STANDARD.items(table.model()).forEach(item -> {
                    for (SampleTable.KeyAttribute key : keys) {
                        AttributeValue value = item.get(key.name());
                        if (value == null) {
                            continue;
                        }
                        String what = table.model() + "." + key.name() + " in " + index.name();
                        if (key.type() == ScalarAttributeType.S) {
                            assertThat(value.s()).as(what).isNotEmpty();
                        } else {
                            assertThat(value.n()).as(what).isNotNull();
                        }
                    }
                });
            }
        }
    }

    @Test
    void migratedTables_containEveryDynamoDbType() {
        Set<AttributeValue.Type> types = EnumSet.noneOf(AttributeValue.Type.class);
        migratedValues().forEach(value -> types.add(value.type()));
        assertThat(types).containsExactlyInAnyOrder(AttributeValue.Type.S, AttributeValue.Type.N,
                AttributeValue.Type.B, AttributeValue.Type.SS, AttributeValue.Type.NS, AttributeValue.Type.BS,
                AttributeValue.Type.M, AttributeValue.Type.L, AttributeValue.Type.BOOL, AttributeValue.Type.NUL);
    }

    @Test
    void migratedTables_holdDeepMapsAndMixedLists() {
        int deepest = migratedItems().stream()
                .flatMap(item -> item.values().stream()).mapToInt(SampleDataTest::mapDepth).max().orElse(0);
        assertThat(deepest).isGreaterThanOrEqualTo(3);
        assertThat(migratedValues().filter(v -> v.type() == AttributeValue.Type.L)
                .mapToLong(v -> v.l().stream().map(AttributeValue::type).distinct().count()).max().orElse(0))
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void numbers_includeFullPrecisionAndDecimals() {
        List<String> numbers = migratedValues().flatMap(v -> v.type() == AttributeValue.Type.N
                ? Stream.of(v.n())
                : v.type() == AttributeValue.Type.NS ? v.ns().stream() : Stream.empty()).toList();
        assertThat(numbers).contains(SampleData.LARGEST_NUMBER);
        assertThat(SampleData.LARGEST_NUMBER).hasSize(38);
        assertThat(numbers).anyMatch(n -> n.contains(".") && n.startsWith("-"));
        assertThat(numbers).anyMatch(n -> n.matches("\\d+\\.\\d"));
        assertThat(numbers).allMatch(n -> new BigDecimal(n).precision() <= 38);
    }

    @Test
    void numbers_areAlreadyInDynamoDbsNormalisedForm() {
        migratedValues().forEach(v -> {
            List<String> numbers = v.type() == AttributeValue.Type.N ? List.of(v.n())
                    : v.type() == AttributeValue.Type.NS ? v.ns() : List.of();
            for (String n : numbers) {
                assertThat(n).isEqualTo(ItemBuilder.canonical(new BigDecimal(n)))
                        .doesNotContain("E").doesNotStartWith("+");
            }
        });
    }

    @Test
    void sets_areNonEmptyWithoutDuplicatesOrEmptyMembers() {
        migratedValues().forEach(v -> {
            switch (v.type()) {
                case SS -> assertThat(v.ss()).isNotEmpty().doesNotHaveDuplicates().doesNotContain("");
                case NS -> assertThat(v.ns().stream().map(BigDecimal::new).map(ItemBuilder::canonical).toList())
                        .isNotEmpty().doesNotHaveDuplicates();
                case BS -> assertThat(v.bs()).isNotEmpty().doesNotHaveDuplicates();
                default -> { }
            }
        });
    }

    @Test
    void itemSizes_stayBetweenHalfAKilobyteAndTwo() {
        Map<String, IntSummaryStatistics> sizes = new LinkedHashMap<>();
        for (String model : STANDARD.models()) {
            sizes.put(model, STANDARD.items(model).mapToInt(item -> (int) ItemSize.of(item)).summaryStatistics());
        }
        sizes.forEach((model, stats) -> {
            assertThat(stats.getMin()).as(model + " smallest item").isGreaterThanOrEqualTo(500);
            assertThat(stats.getMax()).as(model + " largest item").isLessThanOrEqualTo(2048);
        });
    }

    @Test
    void amplifyModels_carryAmplifyBookkeeping() {
        for (String model : STANDARD.models()) {
            if (model.equals("SecureConfig")) {
                continue;
            }
            STANDARD.items(model).forEach(item -> {
                assertThat(item.get("__typename").s()).isEqualTo(model);
                assertThat(item.get("createdAt").s()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(item.get("updatedAt").s()).isGreaterThanOrEqualTo(item.get("createdAt").s());
                assertThat(item.get("owner").s()).contains("::");
                assertThat(item.get("_version").n()).matches("[1-9]");
                assertThat(Long.parseLong(item.get("_lastChangedAt").n()))
                        .isEqualTo(Instant.parse(item.get("updatedAt").s()).toEpochMilli());
            });
        }
    }

    @Test
    void scale_multipliesEveryTablesCount_butTheUsersProfiles() {
        SampleData tripled = SampleData.scaled(3);
        for (String model : STANDARD.models()) {
            assertThat(tripled.count(model)).as(model)
                    .isEqualTo(model.equals("UserProfiles") ? SampleData.USERS : 3 * STANDARD.count(model));
        }
    }

    @Test
    void smallScale_keepsAFewItemsInEveryTable() {
        SampleData tiny = SampleData.scaled(0.01);
        assertThat(tiny.counts().values()).allMatch(count -> count >= 5);
        assertThat(tiny.count("QuoteItems")).isEqualTo(9);
    }

    @Test
    void withAbout_reachesABenchmarkVolume() {
        SampleData big = SampleData.withAbout(100_000);
        assertThat(big.totalItems()).isBetween(99_500L, 100_500L);
        assertThat(big.count("QuoteItems")).isGreaterThan(20_000);
        long streamed = big.items("QuoteItems").mapToInt(item -> (int) ItemSize.of(item)).filter(size -> size > 0).count();
        assertThat(streamed).isEqualTo(big.count("QuoteItems"));
    }

    @Test
    void nonPositiveScale_isRejected() {
        assertThatThrownBy(() -> SampleData.scaled(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scale must be a positive number, was 0.0");
        assertThatThrownBy(() -> SampleData.scaled(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Map<String, AttributeValue>> migratedItems() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        PLAN.tables().values().stream().filter(t -> !t.skip())
                .forEach(t -> STANDARD.items(t.model()).forEach(items::add));
        return items;
    }

    /** Every value at every depth of every migrated item. */
    private static Stream<AttributeValue> migratedValues() {
        return migratedItems().stream().flatMap(item -> item.values().stream()).flatMap(SampleDataTest::flatten);
    }

    private static Stream<AttributeValue> flatten(AttributeValue value) {
        Stream<AttributeValue> children = switch (value.type()) {
            case M -> value.m().values().stream().flatMap(SampleDataTest::flatten);
            case L -> value.l().stream().flatMap(SampleDataTest::flatten);
            default -> Stream.empty();
        };
        return Stream.concat(Stream.of(value), children);
    }

    private static int mapDepth(AttributeValue value) {
        return switch (value.type()) {
            case M -> 1 + value.m().values().stream().mapToInt(SampleDataTest::mapDepth).max().orElse(0);
            case L -> value.l().stream().mapToInt(SampleDataTest::mapDepth).max().orElse(0);
            default -> 0;
        };
    }
}
