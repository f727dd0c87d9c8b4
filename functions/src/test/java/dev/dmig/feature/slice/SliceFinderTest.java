package dev.dmig.feature.slice;

import dev.dmig.run.RootInvalidException;
import dev.dmig.run.Slice;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.json.Json;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.InMemoryItemStore.Operation;
import dev.dmig.store.ItemKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class SliceFinderTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Slice find(InMemoryItemStore items, MigrationPlan plan, int pageSize, String... roots) {
        return new SliceFinder(items, plan, pool, pageSize, Map.of()).find(List.of(roots).stream().map(Slice.Root::parse).toList());
    }

    private Slice findProject(ProjectSample sample, String... roots) {
        return find(sample.items, sample.plan(), 2, roots);
    }

    @Test
    void aProjectTakesWhatRefersToItTransitivelyAndWhatThoseReferTo() {
        Slice slice = findProject(new ProjectSample(3), "Projects:projA");

        Map<String, List<String>> ids = new LinkedHashMap<>();
        slice.tables().forEach((model, members) -> ids.put(model, members.ids()));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("Properties", List.of("p1"));
        expected.put("Contacts", List.of("c1", "c2", "c4", "c5", "c6", "c7"));
        expected.put("AppPreferences", List.of("theme"));
        expected.put("BackOfficeProducts", List.of("prod1", "prod2"));
        expected.put("Requests", List.of("reqA"));
        expected.put("Projects", List.of("projA"));
        expected.put("Quotes", List.of("qA1", "qA2"));
        expected.put("QuoteItems", List.of("qiA1", "qiA2", "qiA3"));
        expected.put("ProjectComments", List.of("cmA1", "cmA2"));
        expected.put("ProjectMilestones", List.of("projectId=projA, seq=1", "projectId=projA, seq=2"));
        expected.put("ContactAuditLog", List.of("L1"));
        // In plan order, every migrated model listed, the skipped Auth not.
        assertThat(ids).containsExactlyEntriesOf(expected);

        Slice.Members projects = slice.tables().get("Projects");
        assertThat(projects.roots()).isEqualTo(1);
        assertThat(projects.descendants()).isEmpty();
        assertThat(slice.tables().get("QuoteItems").descendants())
                .containsExactlyEntriesOf(new TreeMap<>(Map.of("QuoteItems.projectId", 2L, "QuoteItems.quoteId", 1L)));
        assertThat(slice.tables().get("ProjectMilestones").descendants()).containsExactlyEntriesOf(Map.of("ProjectMilestones.projectId", 2L));
        assertThat(slice.tables().get("ContactAuditLog").descendants()).containsExactlyEntriesOf(Map.of("ContactAuditLog.projectId", 1L));
        assertThat(slice.tables().get("Contacts").ancestors()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "ContactAuditLog.contactId", 2L, "Contacts.referredByContactId", 2L, "ProjectComments.postedByContactId", 2L)));
        assertThat(slice.tables().get("Contacts").descendants()).isEmpty();
        assertThat(slice.tables().get("BackOfficeProducts").ancestors()).containsExactlyEntriesOf(Map.of("QuoteItems.productId", 2L));
        assertThat(slice.tables().get("ProjectMilestones").key()).containsExactly("projectId", "seq");
        assertThat(slice.tables().get("ContactAuditLog").key()).isEmpty();
        assertThat(slice.totals()).isEqualTo(new Slice.Totals(22, 1, 10, 11, 37));

        assertThat(slice.leaving()).containsExactly(new Slice.Reference("Contacts", "authId", "Auth", 2, List.of("a1", "a2")));
        assertThat(slice.missing()).containsExactly(new Slice.Reference("Quotes", "addressId", "Properties", 1, List.of("ghost-p")));
    }

    @Test
    void modelsWhoseNamesHoldDots_areNamedWhole_inTheReferencesThatLeaveTheSliceOrFindNothing() {
        // DynamoDB table names may hold dots, and so may a nested reference path.
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"},
                 "tables": {"app.Auth": {"skip": true}, "app.Places": {},
                            "app.Contacts": {"references": {"authId": "app.Auth", "home.placeId": "app.Places"}}}}""");
        InMemoryItemStore items = new InMemoryItemStore();
        for (String model : List.of("app.Auth", "app.Places", "app.Contacts")) {
            items.createTable(model + "-dev", "id", ScalarAttributeType.S).createTable(model + "-prod", "id", ScalarAttributeType.S);
        }
        items.put("app.Places-dev", item("id", s("p1")));
        items.put("app.Contacts-dev", item("id", s("c1"), "authId", s("a1"),
                "home", AttributeValue.builder().m(Map.of("placeId", s("ghost-p"))).build()));

        Slice slice = find(items, plan, 10, "app.Contacts:c1");

        assertThat(slice.leaving()).containsExactly(new Slice.Reference("app.Contacts", "authId", "app.Auth", 1, List.of("a1")));
        assertThat(slice.missing()).containsExactly(new Slice.Reference("app.Contacts", "home.placeId", "app.Places", 1,
                List.of("ghost-p")));
    }

    @Test
    void nothingOfTheOtherProjectIsInNorWhatMerelyRefersToAnAncestor() {
        ProjectSample sample = new ProjectSample(3);
        Slice slice = findProject(sample, "Projects:projA");

        assertThat(slice.contains("Projects", "projB")).isFalse();
        assertThat(slice.contains("Quotes", "qB1")).isFalse();
        assertThat(slice.contains("QuoteItems", "qiB1")).isFalse();
        assertThat(slice.contains("ProjectComments", "cmB1")).isFalse();
        assertThat(slice.contains("Requests", "reqB")).isFalse();
        assertThat(slice.contains("ContactAuditLog", "L2")).isFalse();
        // projB's milestone holds projA's first milestone's ID: it is still not in.
        assertThat(slice.contains("ProjectMilestones", item("projectId", s("projB"), "seq", AttributeValue.fromN("1")))).isFalse();
        assertThat(slice.contains("ProjectMilestones", item("projectId", s("projA"), "seq", AttributeValue.fromN("1")))).isTrue();
        // c1 is projB's agent too, and c8 was referred by c2: ancestors do not bring what refers to them.
        assertThat(slice.contains("Contacts", "c3")).isFalse();
        assertThat(slice.contains("Contacts", "c8")).isFalse();
        assertThat(slice.contains("Contacts", "c9")).isFalse();
        assertThat(slice.contains("Properties", "p2")).isFalse();
        assertThat(slice.contains("BackOfficeProducts", "prod3")).isFalse();
        assertThat(slice.contains("AppPreferences", "lang")).isFalse();
        assertThat(slice.contains("Auth", "a1")).as("a skipped model has no members").isFalse();
        // Both items of audit log record L1 are in, the one naming c7 included.
        for (Map<String, AttributeValue> entry : sample.items.items(ProjectSample.source("ContactAuditLog"))) {
            assertThat(slice.contains("ContactAuditLog", entry)).isEqualTo(entry.get("id").s().equals("L1"));
        }
    }

    @Test
    void everyReferenceOfAMemberResolvesInTheSliceLeavesThePlanOrIsListedMissing() {
        ProjectSample sample = new ProjectSample(3);
        for (String root : List.of("Projects:projA", "Projects:projB", "Contacts:c2", "QuoteItems:qiA3", "ContactAuditLog:L1")) {
            Slice slice = findProject(sample, root);
            assertClosed(sample.items, sample.plan(), slice);
        }
    }

    /** Every reference of every member item points at a member item, at a model the run does not migrate, or is listed missing. */
    private static void assertClosed(InMemoryItemStore items, MigrationPlan plan, Slice slice) {
        ItemTransformer transformer = new ItemTransformer(plan);
        Map<String, Set<String>> memberIds = new HashMap<>();
        Map<String, List<Map<String, AttributeValue>>> memberItems = new HashMap<>();
        for (String model : plan.migratedModels()) {
            for (Map<String, AttributeValue> item : items.items(plan.sourceTable(model))) {
                if (slice.contains(model, item)) {
                    memberItems.computeIfAbsent(model, m -> new ArrayList<>()).add(item);
                    memberIds.computeIfAbsent(model, m -> new HashSet<>()).add(ItemKeys.scalar(item.get(plan.table(model).idAttribute())));
                }
            }
        }
        Set<String> missing = new HashSet<>();
        slice.missing().forEach(r -> missing.add(r.model() + "." + r.path()));
        Map<String, Set<String>> named = new HashMap<>();
        for (var entry : memberItems.entrySet()) {
            for (Map<String, AttributeValue> item : entry.getValue()) {
                named.computeIfAbsent(entry.getKey(), m -> new TreeSet<>()).add(slice.tables().get(entry.getKey()).nameOf(item));
                List<String> dangling = new ArrayList<>();
                transformer.forEachReference(entry.getKey(), item, (path, target, id) -> {
                    boolean outside = !plan.migratedModels().contains(target);
                    boolean resolves = memberIds.getOrDefault(target, Set.of()).contains(id);
                    boolean listed = missing.contains(entry.getKey() + "." + path.text())
                            && items.items(plan.sourceTable(target)).stream().noneMatch(t -> id.equals(t.get(plan.table(target).idAttribute()).s()));
                    if (!outside && !resolves && !listed) {
                        dangling.add(entry.getKey() + "." + path.text() + " -> " + target + ":" + id);
                    }
                });
                assertThat(dangling).as("%s %s in slice of %s", entry.getKey(), item, slice.roots()).isEmpty();
            }
        }
        // And every member listed is an item of the source.
        slice.tables().forEach((model, members) ->
                assertThat(named.getOrDefault(model, Set.of())).as(model).containsExactlyInAnyOrderElementsOf(members.ids()));
    }

    @Test
    void twoRootsSpanTheUnionOfWhatEachSpans() {
        ProjectSample sample = new ProjectSample(3);
        Slice both = findProject(sample, "Projects:projA", "Contacts:c8");
        Slice a = findProject(sample, "Projects:projA");
        Slice c8 = findProject(sample, "Contacts:c8");

        for (String model : sample.plan().migratedModels()) {
            Set<String> union = new TreeSet<>(a.tables().get(model).ids());
            union.addAll(c8.tables().get(model).ids());
            assertThat(both.tables().get(model).ids()).as(model).containsExactlyElementsOf(union);
        }
        assertThat(c8.tables().get("Contacts").ids()).containsExactly("c2", "c5", "c6", "c8");
        assertThat(both.tables().get("Contacts").roots()).isEqualTo(1);
        assertThat(both.totals().roots()).isEqualTo(2);
        assertThat(both.roots()).containsExactly(new Slice.Root("Projects", "projA"), new Slice.Root("Contacts", "c8"));
        assertThat(both.contains("Projects", "projB")).isFalse();
    }

    @Test
    void aRootOfTheSharedAgentTakesBothProjects() {
        Slice slice = findProject(new ProjectSample(2), "Contacts:c1");

        assertThat(slice.tables().get("Projects").ids()).containsExactly("projA", "projB");
        assertThat(slice.tables().get("Projects").descendants()).containsExactlyEntriesOf(Map.of("Projects.agentContactId", 2L));
        // ProjectMilestones are named by key: both of ID 1 are in, each once.
        assertThat(slice.tables().get("ProjectMilestones").ids())
                .containsExactly("projectId=projA, seq=1", "projectId=projA, seq=2", "projectId=projB, seq=1");
        assertThat(slice.contains("Contacts", "c9")).isFalse();
        assertThat(slice.contains("Contacts", "c8")).isFalse();
    }

    @Test
    void aRootNotInTheSourceIsRefusedInOneLine() {
        ProjectSample sample = new ProjectSample(3);
        assertThatThrownBy(() -> findProject(sample, "Projects:nope"))
                .isInstanceOf(RootInvalidException.class)
                .hasMessage("root Projects:nope is not in the source: no item of Projects-dev-NONE has id=nope; "
                        + "check the model and the ID (--root MODEL:ID takes the source record's ID)")
                .satisfies(e -> assertThat(((RootInvalidException) e).error()).isEqualTo("RootInvalid"));
        assertThatThrownBy(() -> findProject(sample, "Projects:projA", "Contacts:nobody", "ContactAuditLog:L9"))
                .isInstanceOf(RootInvalidException.class)
                .hasMessage("root Contacts:nobody is not in the source: no item of Contacts-dev-NONE has id=nobody "
                        + "(nor do 1 other roots, e.g. ContactAuditLog:L9); check the model and the ID (--root MODEL:ID takes the source record's ID)");
    }

    @Test
    void aRootOfAModelTheRunDoesNotMigrateIsRefusedBeforeAnyRead() {
        ProjectSample sample = new ProjectSample(3);
        String models = "Properties, Contacts, AppPreferences, BackOfficeProducts, Requests, Projects, Quotes, QuoteItems, "
                + "ProjectComments, ProjectMilestones, ContactAuditLog";
        assertThatThrownBy(() -> findProject(sample, "Invoices:i1"))
                .isInstanceOf(RootInvalidException.class)
                .hasMessage("root Invoices:i1: Invoices is not in the plan; a root's model must be one of: " + models);
        assertThatThrownBy(() -> findProject(sample, "Auth:a1"))
                .isInstanceOf(RootInvalidException.class)
                .hasMessage("root Auth:a1: Auth is skipped by the plan; a root's model must be one of: " + models);
        assertThatThrownBy(() -> Slice.Root.parse("Projects"))
                .isInstanceOf(RootInvalidException.class)
                .hasMessage("root 'Projects' is not of the form MODEL:ID (e.g. --root Projects:4f1c...)");
        assertThat(Slice.Root.parse("SecureConfig:stripe:key")).isEqualTo(new Slice.Root("SecureConfig", "stripe:key"));
        assertThat(sample.items.calls(Operation.SCAN) + sample.items.calls(Operation.GET_ALL)).isZero();
    }

    @Test
    void readsAreCountedAndAncestorsAreFetchedTogether() {
        ProjectSample sample = new ProjectSample(3);
        Slice slice = findProject(sample, "Projects:projA");

        Map<String, Slice.Phase> phases = new LinkedHashMap<>();
        slice.phases().forEach(p -> phases.put(p.name(), p));
        assertThat(phases).containsOnlyKeys("roots", "descendants", "ancestors");
        assertThat(phases.get("roots")).isEqualTo(new Slice.Phase("roots", 1, 0, 1, 1));
        // Round 1: the 5 tables referring to Projects; round 2: QuoteItems, the one referring to Quotes; each in 3 segments.
        Slice.Phase descendants = phases.get("descendants");
        assertThat(descendants.rounds()).isEqualTo(2);
        assertThat(descendants.scans()).isEqualTo(6 * 3);
        assertThat(descendants.items()).isEqualTo((3 + 4 + 3 + 3 + 3) + 4);
        // Three levels: (c1 c2 c4, p1, reqA, theme, prod1 prod2, L1's other item), (c5 c7), (c6).
        Slice.Phase ancestors = phases.get("ancestors");
        assertThat(ancestors.rounds()).isEqualTo(3);
        assertThat(ancestors.scans()).as("ContactAuditLog, not keyed by its ID alone, is scanned").isEqualTo(3);
        assertThat(ancestors.items()).isEqualTo(8 + 3 + 2 + 1);
        // One BatchGetItem-sized lookup per table and level, not one per record.
        int gets = sample.items.calls(Operation.GET_ALL);
        assertThat(gets).isEqualTo(1 + 5 + 1 + 1);
        assertThat(gets - 1).isLessThan((int) slice.totals().ancestors());
        assertThat(sample.items.calls(Operation.GET_ALL, ProjectSample.source("Contacts"))).isEqualTo(3);
        assertThat(descendants.requests() + ancestors.requests() - (gets - 1)).isEqualTo(sample.items.calls(Operation.SCAN));
        assertThat(sample.items.calls(Operation.QUERY)).isZero();
        assertThat(slice.readsPerSourceItem()).isEqualTo((1 + 20 + 14) / 37.0);
    }

    @Test
    void aHundredAncestorsOfOneTableTakeTwoRequestsALevel() {
        InMemoryItemStore items = new InMemoryItemStore();
        for (String suffix : List.of("-dev", "-prod")) {
            items.createTable("Contacts" + suffix, "id", ScalarAttributeType.S);
            items.createTable("Lists" + suffix, "id", ScalarAttributeType.S);
        }
        List<AttributeValue> members = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.put("Contacts-dev", item("id", s("c" + i)));
            members.add(s("c" + i));
        }
        items.put("Lists-dev", item("id", s("list"), "memberIds", AttributeValue.fromL(members)));
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"},
                 "tables": {"Contacts": {}, "Lists": {"references": {"memberIds[]": "Contacts"}}}}""");

        Slice slice = find(items, plan, 100, "Lists:list");

        assertThat(slice.tables().get("Contacts").ids()).hasSize(150);
        assertThat(slice.tables().get("Contacts").ancestors()).containsExactlyEntriesOf(Map.of("Lists.memberIds[]", 150L));
        assertThat(items.calls(Operation.GET_ALL, "Contacts-dev")).isEqualTo(1);
        assertThat(slice.phases().get(2)).isEqualTo(new Slice.Phase("ancestors", 1, 0, 2, 150));
    }

    @Test
    void aCycleOfReferencesEndsWithExactlyWhatIsConnected() {
        InMemoryItemStore items = new InMemoryItemStore();
        for (String suffix : List.of("-dev", "-prod")) {
            items.createTable("A" + suffix, "id", ScalarAttributeType.S);
            items.createTable("B" + suffix, "id", ScalarAttributeType.S);
        }
        // a1 <-> b1, a1 refers to itself; a2 -> a1, a3 -> a2, b2 -> a3, a5 -> b2; a4 <-> b3 apart, a6 -> a4.
        items.put("A-dev",
                item("id", s("a1"), "bId", s("b1"), "parentId", s("a1")),
                item("id", s("a2"), "parentId", s("a1")),
                item("id", s("a3"), "parentId", s("a2")),
                item("id", s("a4"), "bId", s("b3")),
                item("id", s("a5"), "bId", s("b2")),
                item("id", s("a6"), "parentId", s("a4")));
        items.put("B-dev",
                item("id", s("b1"), "aId", s("a1")),
                item("id", s("b2"), "aId", s("a3")),
                item("id", s("b3"), "aId", s("a4")));
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "segments": 2,
                 "tables": {"A": {"references": {"bId": "B", "parentId": "A"}}, "B": {"references": {"aId": "A"}}}}""");

        Slice slice = find(items, plan, 1, "A:a1");

        assertThat(slice.tables().get("A").ids()).containsExactly("a1", "a2", "a3", "a5");
        assertThat(slice.tables().get("B").ids()).containsExactly("b1", "b2");
        assertThat(slice.tables().get("A").descendants()).containsExactlyEntriesOf(new TreeMap<>(Map.of("A.bId", 1L, "A.parentId", 2L)));
        assertThat(slice.tables().get("B").descendants()).containsExactlyEntriesOf(Map.of("B.aId", 2L));
        assertThat(slice.totals().ancestors()).isZero();
        // {a2 b1}, {a3}, {b2}, {a5}, then a round that finds nothing new.
        assertThat(slice.phases().get(1).rounds()).isEqualTo(5);
        assertThat(slice.phases().get(2).rounds()).as("every reference already resolves").isZero();
        assertClosed(items, plan, slice);

        Slice fromB = find(items, plan, 1, "B:b2");
        // b2's descendants: a5; its ancestors: a3, a2, a1, b1 (a1's), never a4's side.
        assertThat(fromB.tables().get("A").ids()).containsExactly("a1", "a2", "a3", "a5");
        assertThat(fromB.tables().get("A").ancestors()).containsExactlyEntriesOf(new TreeMap<>(Map.of("A.parentId", 2L, "B.aId", 1L)));
        assertThat(fromB.tables().get("B").ids()).containsExactly("b1", "b2");
        assertThat(fromB.tables().get("B").ancestors()).containsExactlyEntriesOf(Map.of("A.bId", 1L));
    }

    @Test
    void oneAndSevenSegmentsFindTheSameSlice() {
        Slice one = findProject(new ProjectSample(1), "Projects:projA", "Contacts:c8");
        Slice seven = findProject(new ProjectSample(7), "Projects:projA", "Contacts:c8");

        assertThat(seven.tables()).isEqualTo(one.tables());
        assertThat(seven.leaving()).isEqualTo(one.leaving());
        assertThat(seven.missing()).isEqualTo(one.missing());
        assertThat(seven.totals()).isEqualTo(one.totals());
        assertThat(seven.phases().get(1).scans()).isEqualTo(7 * one.phases().get(1).scans());
        assertThat(seven.phases().get(1).items()).isEqualTo(one.phases().get(1).items());
    }

    @Test
    void sampleMigrationContactTakesTheRequestsNamingItThroughListsAndMaps() {
        try (SampleMigration app = new SampleMigration()) {
            Slice slice = find(app.items, app.plan(), 2, "Contacts:c2");

            assertThat(slice.tables().get("Requests").ids()).containsExactly("r1", "r5");
            assertThat(slice.tables().get("Requests").descendants()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "Requests.agentContactId", 1L, "Requests.watcherIds[]", 1L)));
            assertThat(slice.tables().get("Contacts").ids()).containsExactly("c1", "c2", "c3", "c4");
            assertThat(slice.tables().get("Contacts").ancestors()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "Requests.agentContactId", 1L, "Requests.meta.ownerId", 1L, "Requests.watcherIds[]", 1L)));
            assertThat(slice.tables().get("Properties").ids()).containsExactly("p1");
            assertThat(slice.tables().get("AppPreferences").ids()).containsExactly("theme");
            assertThat(slice.leaving()).isEmpty();
            assertThat(slice.missing()).isEmpty();
            assertClosed(app.items, app.plan(), slice);
        }
    }

    @Test
    void aSliceIsReadBackFromJsonAsItWasWritten() {
        Slice slice = findProject(new ProjectSample(3), "Projects:projA");

        Slice read = Json.read(Json.bytes(slice), Slice.class);

        assertThat(read).isEqualTo(slice);
        assertThat(read.contains("Contacts", "c7")).isTrue();
        assertThat(read.contains("Contacts", "c8")).isFalse();
        assertThat(Json.tree(Json.bytes(slice)).get("tables").get("Contacts").fieldNames())
                .toIterable().containsExactlyInAnyOrder("model", "idAttribute", "key", "ids", "roots", "descendants", "ancestors");
    }
}
