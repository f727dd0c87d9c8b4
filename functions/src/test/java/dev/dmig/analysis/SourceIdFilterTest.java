package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The filter of a table's source IDs, and which IDs a run keeps in it. */
class SourceIdFilterTest {
    private static String id(String kind, int i) {
        return UUID.nameUUIDFromBytes((kind + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    @Test
    void oneFilterOfEveryTablesIds_saysMaybeForOtherStrings_farLessOftenThanTheTablesFiltersOrTogether() {
        // 28 tables of 5 to 4,500 IDs, as the sample app has at 20,000 items; each ID in its table's filter and the run's.
        int[] sizes = {4500, 2000, 1800, 1500, 1500, 1200, 1000, 900, 800, 700, 600, 500, 400, 300, 200, 150, 100, 80, 60, 50,
            40, 30, 20, 20, 10, 10, 5, 5};
        List<SourceIdFilter> tables = new ArrayList<>();
        SourceIdFilter ofRun = SourceIdFilter.sizedFor(java.util.Arrays.stream(sizes).sum());
        for (int t = 0; t < sizes.length; t++) {
            SourceIdFilter table = SourceIdFilter.sizedFor(sizes[t]);
            for (int i = 0; i < sizes[t]; i++) {
                long hash = SourceIdFilter.hash("id-" + t + "-" + i);
                table.add(hash);
                ofRun.add(hash);
            }
            tables.add(table);
        }
        SourceIdFilter ored = SourceIdFilter.together(tables);
        int strings = 200_000;
        int maybeOred = 0;
        int maybeOfRunAndATable = 0;
        for (int i = 0; i < strings; i++) {
            long hash = SourceIdFilter.hash("other-" + i);
            maybeOred += ored.mightContain(hash) ? 1 : 0;
            boolean aTable = tables.stream().anyMatch(table -> table.mightContain(hash));
            maybeOfRunAndATable += ofRun.mightContain(hash) && aTable ? 1 : 0;
        }
        // Each "maybe" of a table's filter is a read of its source table, to confirm.
        assertThat(maybeOred).as("ORed: %d layers", ored.layerCount()).isGreaterThan(strings / 500);
        assertThat(maybeOfRunAndATable).as("the run's filter, then a table's").isLessThan(strings / 10_000);
        assertThat(ofRun.layerCount()).isEqualTo(1);
    }

    @Test
    void everyIdAdded_isAMaybe_evenPastTheSizeItWasMadeFor_andFewOthersAre() {
        SourceIdFilter filter = SourceIdFilter.sizedFor(10_000);
        for (int i = 0; i < 50_000; i++) {
            filter.add(SourceIdFilter.hash(id("source", i)));
        }
        SourceIdFilter read = SourceIdFilter.fromBytes(filter.toBytes());

        assertThat(read.count()).isEqualTo(50_000);
        assertThat(filter.sizedWell()).as("grown past its size").isFalse();
        assertThat(SourceIdFilter.sizedFor(50_000).sizedWell()).as("too large for none").isFalse();
        for (int i = 0; i < 50_000; i++) {
            assertThat(read.mightContain(SourceIdFilter.hash(id("source", i)))).as("id %d", i).isTrue();
        }
        int maybes = 0;
        for (int i = 0; i < 200_000; i++) {
            maybes += read.mightContain(SourceIdFilter.hash(id("other", i))) ? 1 : 0;
        }
        // 0.09% measured at 16 bits an ID; layers grown past their size add their own share.
        assertThat(maybes).isLessThan(600);
        assertThat(read.bytes()).isEqualTo(filter.bytes()).isLessThan(50_000L * 6);
    }

    @Test
    void aLayerGrownAfterQuestionsWereAsked_isAskedToo_andTheProbesWorkedOutOnceAnswerAsEachQuestionDoes() {
        SourceIdFilter filter = SourceIdFilter.sizedFor(1_024);
        for (int i = 0; i < 1_024; i++) {
            filter.add(SourceIdFilter.hash(id("source", i)));
        }
        long before = SourceIdFilter.hash(id("source", 5));
        assertThat(filter.mightContain(before, SourceIdFilter.probes(before))).isTrue();
        for (int i = 1_024; i < 4_000; i++) {
            filter.add(SourceIdFilter.hash(id("source", i)));
        }

        assertThat(filter.sizedWell()).as("grown into layers").isFalse();
        for (int i = 0; i < 4_000; i++) {
            long hash = SourceIdFilter.hash(id("source", i));
            assertThat(filter.mightContain(hash, SourceIdFilter.probes(hash))).as("id %d", i).isTrue();
        }
        for (int i = 0; i < 4_000; i++) {
            long hash = SourceIdFilter.hash(id("other", i));
            assertThat(filter.mightContain(hash, SourceIdFilter.probes(hash))).as("other %d", i).isEqualTo(filter.mightContain(hash));
        }
    }

    /**
     * Filters of a whole app's tables (a few large, several small, one grown into layers, one empty) asked together: every
     * ID of each is a "maybe" of theirs together, and they together say "no" to nearly every other string, with fewer
     * layers to ask than the filters have.
     */
    @Test
    void filtersTogether_sayMaybeToEveryIdOfEach_andNoToNearlyAllOthers() {
        int[] sizes = {60_000, 31_000, 9_000, 4_500, 3_000, 1_200, 700, 400, 250, 120, 60, 12, 3, 0};
        List<SourceIdFilter> filters = new ArrayList<>();
        for (int f = 0; f < sizes.length; f++) {
            // The largest grown from a quarter of its size, the others sized for their IDs, as a summary leaves them.
            SourceIdFilter filter = SourceIdFilter.sizedFor(f == 0 ? sizes[f] / 4 : sizes[f]);
            for (int i = 0; i < sizes[f]; i++) {
                filter.add(SourceIdFilter.hash(id("table" + f + "-", i)));
            }
            filters.add(SourceIdFilter.fromBytes(filter.toBytes()));
        }
        SourceIdFilter together = SourceIdFilter.together(filters);

        for (int f = 0; f < sizes.length; f++) {
            for (int i = 0; i < sizes[f]; i++) {
                long hash = SourceIdFilter.hash(id("table" + f + "-", i));
                if (!together.mightContain(hash, SourceIdFilter.probes(hash))) {
                    throw new AssertionError("table " + f + ", id " + i + ": none of the filters together holds it");
                }
            }
        }
        int maybes = 0;
        int eachMaybes = 0;
        for (int i = 0; i < 200_000; i++) {
            long hash = SourceIdFilter.hash(id("other", i));
            boolean any = filters.stream().anyMatch(filter -> filter.mightContain(hash));
            boolean maybe = together.mightContain(hash, SourceIdFilter.probes(hash));
            assertThat(maybe || !any).as("other %d: a filter's maybe is theirs together", i).isTrue();
            maybes += maybe ? 1 : 0;
            eachMaybes += any ? 1 : 0;
        }
        // Each layer together no fuller than a full one: about 0.1% a layer, against about 0.1% a filter asked apart.
        assertThat(maybes).as("maybes together, against %d of the filters apart", eachMaybes).isLessThan(1_500);
        assertThat(together.count()).isEqualTo(java.util.Arrays.stream(sizes).sum());
        assertThat(together.layerCount()).isLessThan(sizes.length);
        assertThat(together.bytes()).isLessThanOrEqualTo(filters.stream().mapToLong(SourceIdFilter::bytes).sum());
        // The largest filter's layers are each alone, asked as they are.
        long sixtyThousand = SourceIdFilter.hash(id("table0-", 59_999));
        assertThat(SourceIdFilter.together(filters.subList(0, 1)).mightContain(sixtyThousand, SourceIdFilter.probes(sixtyThousand))).isTrue();
    }

    @Test
    void aFilterSizedForItsIds_isSizedWell() {
        SourceIdFilter filter = SourceIdFilter.sizedFor(20_000);
        for (int i = 0; i < 20_000; i++) {
            filter.add(SourceIdFilter.hash(id("source", i)));
        }
        assertThat(filter.sizedWell()).isTrue();
        assertThat(filter.bytes()).isEqualTo(40_000);
        assertThat(SourceIdFilter.sizedFor(0).sizedWell()).as("the smallest, for a table of no kept ID").isTrue();
    }

    @Test
    void theHash_isTheSameInEveryVersion_asStoredFiltersNeedIt() {
        assertThat(SourceIdFilter.hash("project-aaaa-0001")).isEqualTo(SourceIdFilter.hash(new StringBuilder("project-aaaa-0001")));
        assertThat(Long.toHexString(SourceIdFilter.hash("project-aaaa-0001"))).isEqualTo(Long.toHexString(fnvThenFmix("project-aaaa-0001")));
    }

    @Test
    void theHashOfAnyString_isItsCodeUnits_whateverPathItTakes() {
        // ASCII (hashed from its bytes), with a '?', non-ASCII, a lone surrogate (which UTF-8 writes as '?'), a pair.
        Map<String, Long> pinned = new java.util.LinkedHashMap<>();
        pinned.put("", -1166397803181037274L);
        pinned.put("c1", 5391400105498210435L);
        pinned.put("3f2504e0-4f89-11d3-9a0c-0305e82c3301", 4180931789454648387L);
        pinned.put("why?", 6677294034974654144L);
        pinned.put("caf\u00e9-0001", -3026825631131738940L);
        pinned.put("lone \ud800 surrogate", -3397668153439793452L);
        pinned.put("lone\ud800?", 7840367874619459252L);
        pinned.put("\u65e5\u672c\u8a9e-id", 6178286107369804815L);
        pinned.put("emoji \ud83d\ude00 id", -3688725153875699334L);
        pinned.forEach((text, hash) -> {
            assertThat(SourceIdFilter.hash(text)).as(text).isEqualTo(hash).isEqualTo(fnvThenFmix(text));
            assertThat(SourceIdFilter.hash(new StringBuilder(text))).as(text).isEqualTo(hash);
        });
    }

    /** The documented hash, written out again: FNV-1a 64 over the UTF-16 code units, then MurmurHash3's fmix64. */
    private static long fnvThenFmix(String text) {
        long h = 0xcbf29ce484222325L;
        for (char c : text.toCharArray()) {
            h = (h ^ c) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    @Test
    void bytesThatAreNoFilter_areRefused() {
        assertThatThrownBy(() -> SourceIdFilter.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IllegalStateException.class)
                .hasMessage("not a filter of source IDs (3 bytes)");
    }

    private static TableInfo keyedBy(String name, String hashKey) {
        return new TableInfo(name, new TableInfo.KeyAttribute(hashKey, ScalarAttributeType.S), null, List.of(), 0, 0, null, null);
    }

    @Test
    void aRunKeepsTheIdsOfTablesWhoseRecordsGetNewIds_ofEightCharactersOrMore_andFindsThemByKey() {
        var plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev", "userPoolId": "us-east-1_Dev"}, "target": {"tableSuffix": "-prod", "userPoolId": "us-east-1_Prod"},
                 "tables": {"Tasks": {}, "Settings": {"ids": "preserve"}, "Old": {"skip": true},
                            "App": {"idAttribute": "PK", "references": {"PK": [{"pattern": "ORG#{org}", "org": "App"},
                                                                               {"pattern": "CUSTOMER#{customer}", "customer": "App"},
                                                                               {"pattern": "PROFILE"}]}},
                            "Profiles": {"idAttribute": "PK", "references": {"PK": {"pattern": "USER#{sub}", "sub": "@sub"}}}}}""");
        assertThat(SourceIds.kept(plan.table("Tasks"), keyedBy("Tasks-dev", "id"))).isTrue();
        assertThat(SourceIds.kept(plan.table("Tasks"), keyedBy("Tasks-dev", "taskId"))).as("not keyed by its ID").isFalse();
        assertThat(SourceIds.kept(plan.table("Settings"), keyedBy("Settings-dev", "id"))).as("the same on both sides").isFalse();
        assertThat(SourceIds.kept(plan.table("Old"), keyedBy("Old-dev", "id"))).isFalse();
        assertThat(SourceIds.kept(plan.table("Profiles"), keyedBy("Profiles-dev", "PK"))).as("keyed by users, not records").isFalse();
        TablePlan app = plan.table("App");
        assertThat(SourceIds.kept(app, keyedBy("App-dev", "PK"))).isTrue();

        List<String> ids = new ArrayList<>();
        SourceIds.forEachOwnId(plan.table("Tasks"), Map.of("id", AttributeValue.fromS("task-0001")), ids::add);
        SourceIds.forEachOwnId(plan.table("Tasks"), Map.of("id", AttributeValue.fromS("t1")), ids::add);
        SourceIds.forEachOwnId(app, Map.of("PK", AttributeValue.fromS("CUSTOMER#cust-00042")), ids::add);
        SourceIds.forEachOwnId(app, Map.of("PK", AttributeValue.fromS("PROFILE")), ids::add);
        assertThat(ids).containsExactly("task-0001", "cust-00042");
        assertThat(SourceIds.keysOf(app, "cust-00042")).containsExactly("ORG#cust-00042", "CUSTOMER#cust-00042");
        assertThat(SourceIds.keysOf(plan.table("Tasks"), "task-0001")).containsExactly("task-0001");
    }
}
