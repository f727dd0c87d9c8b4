package dev.dmig.feature.slice;

import dev.dmig.run.Slice;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Random reference graphs, cycles and orphans included: the finder agrees with the definition, computed naively in memory. */
class SliceOracleTest {
    private static final List<String> MODELS = List.of("T0", "T1", "T2", "T3");
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"},
             "tables": {
               "T0": {"references": {"a": "T1", "b[]": "T2", "skipped": "S"}},
               "T1": {"references": {"a": "T1", "m.x": "T3"}},
               "T2": {"references": {"a": "T0", "b[]": "T3"}},
               "T3": {"references": {"a": "T2"}},
               "S": {"skip": true}
             }}""";

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void theFinderAgreesWithTheDefinitionOnRandomGraphs() {
        MigrationPlan plan = PlanParser.parse(PLAN);
        int nonEmpty = 0;
        for (long seed = 1; seed <= 30; seed++) {
            Random random = new Random(seed);
            InMemoryItemStore items = graph(random);
            List<Slice.Root> roots = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                roots.add(new Slice.Root(MODELS.get(random.nextInt(4)), "" + random.nextInt(12)));
            }
            int segments = 1 + random.nextInt(7);
            Slice slice = new SliceFinder(items, plan, pool, 1 + random.nextInt(5), Map.of("T0", segments, "T1", segments,
                    "T2", segments, "T3", segments)).find(roots);

            Map<String, Set<String>> descendants = new TreeMap<>();
            Map<String, Set<String>> all = definition(items, plan, roots, descendants);
            for (String model : MODELS) {
                assertThat(slice.tables().get(model).ids()).as("seed %d, %s", seed, model)
                        .containsExactlyElementsOf(all.getOrDefault(model, Set.of()));
            }
            long d = descendants.values().stream().mapToLong(Set::size).sum();
            long total = all.values().stream().mapToLong(Set::size).sum();
            assertThat(slice.totals().roots() + slice.totals().descendants()).as("seed %d", seed).isEqualTo(d);
            assertThat(slice.totals().members()).as("seed %d", seed).isEqualTo(total);
            nonEmpty += total > roots.size() ? 1 : 0;
        }
        assertThat(nonEmpty).as("graphs whose slice is more than its roots").isGreaterThan(20);
    }

    /** Twelve items a table, each reference set or not at random, to a record that exists or not. */
    private static InMemoryItemStore graph(Random random) {
        InMemoryItemStore items = new InMemoryItemStore();
        for (String model : List.of("T0", "T1", "T2", "T3", "S")) {
            items.createTable(model + "-dev", "id", ScalarAttributeType.S);
            items.createTable(model + "-prod", "id", ScalarAttributeType.S);
        }
        for (String model : MODELS) {
            for (int i = 0; i < 12; i++) {
                Map<String, AttributeValue> item = new LinkedHashMap<>(item("id", s("" + i)));
                if (random.nextInt(3) == 0) {
                    item.put("a", s(target(random)));
                }
                if (random.nextInt(4) == 0) {
                    item.put("b", AttributeValue.fromL(List.of(s(target(random)), s(target(random)))));
                }
                if (random.nextInt(4) == 0) {
                    item.put("m", m("x", s(target(random))));
                }
                if (random.nextInt(5) == 0) {
                    item.put("skipped", s("s" + random.nextInt(3)));
                }
                items.put(model + "-dev", item);
            }
        }
        return items;
    }

    /** An ID of some record; one in fourteen names none. */
    private static String target(Random random) {
        int n = random.nextInt(14);
        return n < 12 ? "" + n : "ghost" + n;
    }

    /**
     * The slice by its definition: descendants, every item referring to a root or a descendant, to a fixpoint; then
     * every existing record they refer to, transitively.
     */
    private static Map<String, Set<String>> definition(InMemoryItemStore items, MigrationPlan plan, List<Slice.Root> roots,
                                                       Map<String, Set<String>> descendants) {
        ItemTransformer transformer = new ItemTransformer(plan);
        roots.forEach(r -> descendants.computeIfAbsent(r.model(), m -> new TreeSet<>()).add(r.id()));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String model : MODELS) {
                for (Map<String, AttributeValue> item : items.items(model + "-dev")) {
                    String id = item.get("id").s();
                    Set<Boolean> hits = new HashSet<>();
                    transformer.forEachReference(model, item, (path, target, ref) ->
                            hits.add(descendants.getOrDefault(target, Set.of()).contains(ref)));
                    if (hits.contains(true) && descendants.computeIfAbsent(model, m -> new TreeSet<>()).add(id)) {
                        grew = true;
                    }
                }
            }
        }
        Map<String, Set<String>> all = new TreeMap<>();
        Deque<String[]> queue = new ArrayDeque<>();
        descendants.forEach((model, ids) -> ids.forEach(id -> {
            all.computeIfAbsent(model, m -> new TreeSet<>()).add(id);
            queue.add(new String[] {model, id});
        }));
        while (!queue.isEmpty()) {
            String[] next = queue.poll();
            Map<String, AttributeValue> item = items.item(next[0] + "-dev", item("id", s(next[1]))).orElseThrow();
            transformer.forEachReference(next[0], item, (path, target, ref) -> {
                if (MODELS.contains(target) && items.item(target + "-dev", item("id", s(ref))).isPresent()
                        && all.computeIfAbsent(target, m -> new TreeSet<>()).add(ref)) {
                    queue.add(new String[] {target, ref});
                }
            });
        }
        return all;
    }
}
