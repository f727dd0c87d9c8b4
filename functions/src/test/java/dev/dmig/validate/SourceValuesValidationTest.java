package dev.dmig.validate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dmig.Settings;
import dev.dmig.TestFeatures;
import dev.dmig.analysis.Analyzer;
import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.json.Json;
import dev.dmig.migrate.SegmentMigrator;
import dev.dmig.migrate.SegmentProgress;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.ForwardingItemStore;
import dev.dmig.store.InFlight;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Validation that sees what a plan missed: a plan that leaves an attribute holding the source's users' subs, or the
 * source IDs of a table whose records got new IDs, copies them as they are; the copy equals the source as the plan
 * transforms it, and only a look for the source's values in the target names those attributes.
 */
class SourceValuesValidationTest {
    private static final String SUB_ALICE = "0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60";
    private static final String SUB_ADMIN = "1c5e3f5a-7d2b-4a1f-8e6b-2c3d4e5f6a71";
    private static final String SUB_CAROL = "2d6f4a6b-8e3c-4b2a-9f7c-3d4e5f6a7b82";
    private static final String USERS = """
            source_sub,target_sub,source_username,target_username
            0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60,9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d,alice.smith,alice.smith
            1c5e3f5a-7d2b-4a1f-8e6b-2c3d4e5f6a71,8b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e,admin,root-admin
            2d6f4a6b-8e3c-4b2a-9f7c-3d4e5f6a7b82,7c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f,carol.jones@example.com,carol.jones@example.org
            """;
    /** A plan that maps owners and the projects' references, and leaves Tasks' assignee and legacyProjectId as they are. */
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "sv",
             "onConflict": "abort", "backup": false, "segments": 1,
             "identities": {"csv": "users.csv"},
             "tables": {
               "Projects": {"references": {"owner": "@owner"}},
               "Tasks": {"references": {"projectId": "Projects", "owner": "@owner", "settingsId": "Settings"}%s},
               "Settings": {"ids": "preserve"},
               "Labels": {}%s
             }}""";

    private final InMemoryItemStore items = new InMemoryItemStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Settings settings = new Settings("dmig-test-bucket", 25, 4, 4, 0, 5, 25_000, 32, 500);
    private final IdMapper ids = new IdMapper("sv");

    SourceValuesValidationTest() {
        for (String model : List.of("Projects", "Tasks", "Settings", "Labels")) {
            items.createTable(model + "-dev", "id", ScalarAttributeType.S);
            items.createTable(model + "-prod", "id", ScalarAttributeType.S);
        }
        items.put("Projects-dev",
                item("id", s("project-aaaa-0001"), "name", s("Roof"), "owner", s(SUB_ALICE + "::alice.smith")),
                item("id", s("project-aaaa-0002"), "name", s("Pool"), "owner", s(SUB_CAROL + "::carol.jones@example.com")));
        items.put("Settings-dev", item("id", s("settings-main-0001"), "theme", s("dark")));
        // Labels whose IDs are words: the tasks' labels hold the same words, which are not taken for its IDs.
        items.put("Labels-dev", item("id", s("roof"), "color", s("red")), item("id", s("urgent"), "color", s("orange")));
        items.put("Tasks-dev",
                task("task-0000-0001", "project-aaaa-0001", SUB_ADMIN, "project-aaaa-0001"),
                task("task-0000-0002", "project-aaaa-0002", SUB_CAROL, "project-aaaa-0002"),
                task("task-0000-0003", "project-aaaa-0001", SUB_ALICE, "project-aaaa-0002"),
                item("id", s("task-0000-0004"), "projectId", s("project-aaaa-0001"), "owner", s(SUB_ALICE + "::alice.smith"),
                        "title", s("Order tiles")));
    }

    /**
     * A task whose {@code assignee} holds a source user's sub and {@code legacyProjectId} a source project's ID, neither
     * mapped; beside them what must not be taken for the source's: a username both pools share, a username shorter than
     * eight characters in free text, a preserved table's ID, words that are also short IDs of a table, a timestamp, a
     * nested list.
     */
    private static Map<String, AttributeValue> task(String id, String projectId, String assignee, String legacyProjectId) {
        return item("id", s(id), "projectId", s(projectId), "owner", s(SUB_ALICE + "::alice.smith"), "assignee", s(assignee),
                "legacyProjectId", s(legacyProjectId), "assigneeName", s("alice.smith"), "notes", s("ask admin about it"),
                "settingsId", s("settings-main-0001"), "createdAt", s("2024-05-01T10:00:00.000Z"),
                "checklist", l(m("text", s("measure"), "done", s("no"))), "labels", ss("roof", "urgent"));
    }

    /**
     * Validation's search for the source's users and IDs, the core's, over a plan whose owners the identities feature maps
     * (its identities section): where the build has the feature.
     */
    @BeforeEach
    void onlyWithIdentities() {
        TestFeatures.assumeHas("IdentityFeature");
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void aPlanThatLeavesSubsAndSourceIds_failsValidation_namingExactlyThoseAttributes_withCounts() {
        ValidationProgress progress = fullRunAndValidate("sv-missed", "");

        assertThat(progress.passed()).isFalse();
        ValidationReport report = report("sv-missed");
        assertThat(report.failures()).containsExactly(
                "table Tasks, attribute assignee: 3 values are source users' subs; the plan does not map this attribute (first: item "
                        + firstKey("Tasks", "assignee") + "); map it in the plan, or list it in the table's keepSourceValues to copy"
                        + " it as it is",
                "table Tasks, attribute legacyProjectId: 3 values are source IDs of Projects; the plan does not map this attribute"
                        + " (first: item " + firstKey("Tasks", "legacyProjectId") + "); map it in the plan, or list it in the table's"
                        + " keepSourceValues to copy it as it is");
        TableValidation tasks = table(report, "Tasks");
        assertThat(tasks.passed()).isFalse();
        assertThat(tasks.copyExact()).as("the copy is the source as the plan transforms it").isTrue();
        assertThat(tasks.sourceValues()).extracting(SourceValueFinding::path, SourceValueFinding::values, SourceValueFinding::kinds,
                SourceValueFinding::keptBy).containsExactly(
                tuple("assignee", 3L, Map.of("sub", 3L), null),
                tuple("legacyProjectId", 3L, Map.of("id:Projects", 3L), null));
        assertThat(table(report, "Projects").passed()).isTrue();
        assertThat(table(report, "Projects").sourceValues()).isEmpty();
        assertThat(report.sourceValuesChecked()).isEqualTo(new SourceValuesChecked(4, 6, List.of("Projects", "Tasks", "Labels"), List.of()));
        assertThat(manifest("sv-missed").status()).as("not validated: the state machine rolls it back")
                .isEqualTo(RunStatus.VALIDATING);
    }

    @Test
    void withThoseAttributesInKeepSourceValues_theRunPasses_andTheyAreReportedAsKept() {
        ValidationProgress progress = fullRunAndValidate("sv-kept", ", \"keepSourceValues\": [\"assignee\", \"legacyProjectId\"]");

        assertThat(progress.passed()).isTrue();
        ValidationReport report = report("sv-kept");
        assertThat(report.failures()).isEmpty();
        assertThat(table(report, "Tasks").sourceValues()).extracting(SourceValueFinding::path, SourceValueFinding::values,
                SourceValueFinding::keptBy).containsExactly(
                tuple("assignee", 3L, "keepSourceValues"),
                tuple("legacyProjectId", 3L, "keepSourceValues"));
        assertThat(manifest("sv-kept").status()).isEqualTo(RunStatus.VALIDATED);
    }

    @Test
    void aPlanThatMapsEveryUserAndId_passes_withNothingFound_althoughSharedAndShortNamesAndPreservedIdsRemain() {
        ValidationProgress progress = fullRunAndValidate("sv-right", ", \"assignee\": \"@sub\", \"legacyProjectId\": \"Projects\"", "");

        assertThat(progress.passed()).isTrue();
        ValidationReport report = report("sv-right");
        assertThat(report.failures()).isEmpty();
        assertThat(report.tables()).allSatisfy(t -> assertThat(t.sourceValues()).isEmpty());
        Map<String, AttributeValue> copied = items.item("Tasks-prod", Map.of("id", s(ids.newId("Tasks", "task-0000-0001"))))
                .orElseThrow();
        // Still there, and none of them the source's alone: alice.smith is a username in both pools, admin is too short to
        // tell from a word, Settings keeps its IDs, and roof and urgent are too short to tell from the Labels' IDs.
        assertThat(copied.get("assigneeName").s()).isEqualTo("alice.smith");
        assertThat(copied.get("notes").s()).isEqualTo("ask admin about it");
        assertThat(copied.get("settingsId").s()).isEqualTo("settings-main-0001");
        assertThat(copied.get("labels").ss()).containsExactlyInAnyOrder("roof", "urgent");
        assertThat(manifest("sv-right").status()).isEqualTo(RunStatus.VALIDATED);
    }

    private ValidationProgress fullRunAndValidate(String runId, String tasksExtra) {
        return fullRunAndValidate(runId, "", tasksExtra);
    }

    private ValidationProgress fullRunAndValidate(String runId, String references, String tasksExtra) {
        fullRun(runId, references, tasksExtra, "");
        return validate(runId);
    }

    /**
     * A confirmed full run of {@link #PLAN} with {@code references} added to Tasks' and {@code tasksExtra} to its entry, and
     * {@code tables} to the plan's tables, up to Validate.
     */
    private void fullRun(String runId, String references, String tasksExtra, String tables) {
        artifacts.put("config/" + runId + ".identities.csv", USERS.getBytes(StandardCharsets.UTF_8), "text/csv");
        String json = PLAN.replace("\"settingsId\": \"Settings\"}", "\"settingsId\": \"Settings\"" + references + "}")
                .formatted(tasksExtra, tables);
        RunRequest request = new RunRequest("full", runId, null, Json.tree(json.getBytes(StandardCharsets.UTF_8)), null, null, null,
                null, true, null, null, null, false, null, "config/" + runId + ".identities.csv");
        RunState state = null;
        for (int call = 0; call < 100 && (state == null || !state.done()); call++) {
            state = new Analyzer(items, artifacts, settings, pool).analyze(request, "exec-" + runId, Deadline.in(60_000));
        }
        assertThat(state.levels()).as(artifacts.text(RunLayout.manifest(runId))).isNotEmpty();
        for (RunState.Level level : state.levels()) {
            for (RunState.TableWork table : level.tables()) {
                for (int segment = 0; segment < table.segments(); segment++) {
                    SegmentProgress progress;
                    do {
                        progress = new SegmentMigrator(items, artifacts, pool, FaultInjector.NONE, settings.pageSize(),
                                new WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis()))
                                .migrate(runId, table.table(), segment, table.segments(), Deadline.in(60_000));
                    } while (!progress.done());
                }
            }
        }
    }

    private ValidationProgress validate(String runId) {
        ValidationProgress progress;
        do {
            progress = new Validator(items, artifacts, settings, pool).validate(runId, "exec-" + runId, Deadline.in(60_000));
        } while (!progress.done());
        return progress;
    }

    @Test
    void aFilterThatSaysMaybe_forAValueTheSourceDoesNotHold_isAnsweredByTheSource_andNothingIsCounted() {
        items.put("Tasks-dev", item("id", s("task-0000-0005"), "projectId", s("project-aaaa-0001"), "owner",
                s(SUB_ALICE + "::alice.smith"), "legacyRef", s("project-ghost-0009")));
        fullRun("sv-maybe", ", \"assignee\": \"@sub\", \"legacyProjectId\": \"Projects\"", "", "");
        // As a false positive of the filters would: the run's and the table's say "maybe" for a value that is no project's ID.
        assertThat(SourceIdFilter.fromBytes(artifacts.get(RunLayout.sourceIdsOfRun("sv-maybe")).orElseThrow())
                .mightContain(SourceIdFilter.hash("project-ghost-0009"))).isFalse();
        addToFilter("sv-maybe", "Projects", "project-ghost-0009");
        int asked = items.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS, "Projects-dev");

        ValidationProgress progress = validate("sv-maybe");

        assertThat(items.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS, "Projects-dev")).as("the source was asked")
                .isGreaterThan(asked);
        assertThat(progress.passed()).isTrue();
        assertThat(report("sv-maybe").tables()).allSatisfy(t -> assertThat(t.sourceValues()).isEmpty());
    }

    @Test
    void theAnalysisKeepsOneFilterOfEveryTablesIds_validationAsksItFirst_andFindsEachIdAsBefore() {
        ValidationProgress progress = fullRunAndValidate("sv-run", "");

        SourceIdFilter ofRun = SourceIdFilter.fromBytes(artifacts.get(RunLayout.sourceIdsOfRun("sv-run")).orElseThrow());
        long tables = 0;
        for (String model : List.of("Projects", "Tasks", "Labels")) {
            SourceIdFilter own = SourceIdFilter.fromBytes(artifacts.get(RunLayout.sourceIds("sv-run", model)).orElseThrow());
            tables += own.count();
        }
        assertThat(ofRun.count()).as("every table's IDs, once each").isEqualTo(tables);
        for (Map<String, AttributeValue> project : items.items("Projects-dev")) {
            assertThat(ofRun.mightContain(SourceIdFilter.hash(project.get("id").s()))).isTrue();
        }
        // The same findings as the tables' filters alone gave.
        assertThat(progress.passed()).isFalse();
        assertThat(table(report("sv-run"), "Tasks").sourceValues()).extracting(SourceValueFinding::path, SourceValueFinding::values)
                .containsExactly(tuple("assignee", 3L), tuple("legacyProjectId", 3L));
    }

    @Test
    void aMaybeOfATablesFilterAlone_isNotAskedOfTheSource_whenTheRunsFilterSaysNo() {
        items.put("Tasks-dev", item("id", s("task-0000-0005"), "projectId", s("project-aaaa-0001"), "owner",
                s(SUB_ALICE + "::alice.smith"), "legacyRef", s("project-ghost-0009")));
        fullRun("sv-one", ", \"assignee\": \"@sub\", \"legacyProjectId\": \"Projects\"", "", "");
        // A false positive of the table's filter alone: the run's filter of every table's IDs says no.
        addTo(RunLayout.sourceIds("sv-one", "Projects"), "project-ghost-0009");
        int asked = items.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS, "Projects-dev");

        ValidationProgress progress = validate("sv-one");

        assertThat(items.calls(InMemoryItemStore.Operation.EXISTING_HASH_KEYS, "Projects-dev")).as("the source was not asked")
                .isEqualTo(asked);
        assertThat(progress.passed()).isTrue();
    }

    @Test
    void theRunsFilters_areReadSideBySide_andFindWhatTheyFoundReadOneAfterAnother() {
        fullRun("sv-filters", "", "", "");
        String prefix = RunLayout.sourceIdsPrefix("sv-filters");
        InFlight reads = new InFlight(2);
        ArtifactStore watched = new ForwardingArtifactStore(artifacts) {
            @Override
            public Optional<byte[]> get(String key) {
                return key.startsWith(prefix) ? reads.during(() -> super.get(key)) : super.get(key);
            }
        };

        ValidationProgress progress;
        do {
            progress = new Validator(items, watched, settings, pool).validate("sv-filters", "exec-sv-filters", Deadline.in(60_000));
        } while (!progress.done());

        assertThat(reads.calls()).as("Projects', Tasks' and Labels' filters").isEqualTo(3);
        assertThat(reads.most()).as("filters read at once").isGreaterThanOrEqualTo(2);
        assertThat(table(report("sv-filters"), "Tasks").sourceValues()).extracting(SourceValueFinding::path,
                SourceValueFinding::values).containsExactly(tuple("assignee", 3L), tuple("legacyProjectId", 3L));
        assertThat(report("sv-filters").sourceValuesChecked().tables()).containsExactlyInAnyOrder("Projects", "Tasks", "Labels");
    }

    @Test
    void aPagesMaybes_areAskedOfTheirSourceTablesSideBySide_andOfATableWithASortKeyAnIdAtATime() {
        items.createTable("Logs-dev", "id", ScalarAttributeType.S, "at", ScalarAttributeType.S);
        items.createTable("Logs-prod", "id", ScalarAttributeType.S, "at", ScalarAttributeType.S);
        items.put("Logs-dev", item("id", s("log-0000-0001"), "at", s("2024-05-01T10:00:00.000Z")));
        // One task whose strings the filters of Projects and Logs (twice) say "maybe" for, as false positives would.
        items.put("Tasks-dev", item("id", s("task-0000-0005"), "projectId", s("project-aaaa-0001"), "owner",
                s(SUB_ALICE + "::alice.smith"), "legacyRef", s("project-ghost-0009"),
                "logRefs", ss("log-ghost-0001", "log-ghost-0002")));
        fullRun("sv-side", ", \"assignee\": \"@sub\", \"legacyProjectId\": \"Projects\"", "", ", \"Logs\": {}");
        addToFilter("sv-side", "Projects", "project-ghost-0009");
        addToFilter("sv-side", "Logs", "log-ghost-0001", "log-ghost-0002");
        InFlight tables = new InFlight(2);
        InFlight logIds = new InFlight(2);
        ItemStore watched = new ForwardingItemStore(items) {
            @Override
            public Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues) {
                InFlight asked = table.name().equals("Logs-dev") && hashKeyValues.stream().allMatch(id -> id.startsWith("log-ghost"))
                        ? logIds : table.name().equals("Projects-dev") && hashKeyValues.contains("project-ghost-0009") ? tables : null;
                if (asked == logIds) {
                    tables.during(() -> null);
                }
                return asked == null ? super.existingHashKeys(table, hashKeyValues)
                        : asked.during(() -> super.existingHashKeys(table, hashKeyValues));
            }
        };

        ValidationProgress progress;
        do {
            progress = new Validator(watched, artifacts, settings, pool).validate("sv-side", "exec-sv-side", Deadline.in(60_000));
        } while (!progress.done());

        assertThat(tables.most()).as("Projects and Logs asked at once").isGreaterThanOrEqualTo(2);
        assertThat(logIds.calls()).as("a Logs ID a call").isEqualTo(2);
        assertThat(logIds.most()).as("Logs' IDs asked at once").isEqualTo(2);
        assertThat(progress.passed()).as("the maybes were no source IDs").isTrue();
        assertThat(report("sv-side").tables()).allSatisfy(t -> assertThat(t.sourceValues()).isEmpty());
    }

    /**
     * Adds {@code ids} to the filter the analysis stored for {@code model}, and to the run's of every table's IDs, as their
     * false positives would be.
     */
    private void addToFilter(String runId, String model, String... ids) {
        addTo(RunLayout.sourceIds(runId, model), ids);
        addTo(RunLayout.sourceIdsOfRun(runId), ids);
    }

    /** Adds {@code ids} to the filter stored at {@code stored}. */
    private void addTo(String stored, String... ids) {
        SourceIdFilter filter = SourceIdFilter.fromBytes(artifacts.get(stored).orElseThrow());
        for (String id : ids) {
            filter.add(SourceIdFilter.hash(id));
        }
        artifacts.put(stored, filter.toBytes(), "application/octet-stream");
    }

    @Test
    void aRunWhoseAnalysisKeptNoFilters_isCheckedForUsersAlone_andSaysWhichTablesItsIdsWereNotLookedFor() {
        fullRun("sv-earlier", "", "", "");
        // As an analysis by a version that kept no source IDs left the run.
        for (String model : List.of("Projects", "Tasks", "Labels")) {
            artifacts.delete(RunLayout.sourceIds("sv-earlier", model));
        }

        ValidationProgress progress = validate("sv-earlier");

        assertThat(progress.passed()).isFalse();
        ValidationReport report = report("sv-earlier");
        assertThat(table(report, "Tasks").sourceValues()).extracting(SourceValueFinding::path).containsExactly("assignee");
        assertThat(report.sourceValuesChecked()).isEqualTo(new SourceValuesChecked(4, 0, List.of(),
                List.of("Projects", "Tasks", "Labels")));
    }

    @Test
    void aTableCountedFarOff_getsAFilterOfTheSizeItsIdsNeed_andItsIdsAreStillFound() {
        // DynamoDB's count, refreshed about every six hours, says ten million.
        items.describeAs("Projects-dev", 10_000_000, 10_000_000_000L);

        ValidationProgress progress = fullRunAndValidate("sv-stale", "");

        SourceIdFilter stored = SourceIdFilter.fromBytes(artifacts.get(RunLayout.sourceIds("sv-stale", "Projects")).orElseThrow());
        assertThat(stored.count()).isEqualTo(2);
        assertThat(stored.bytes()).as("sized for its 2 IDs (the smallest), not for 10M").isEqualTo(2_048);
        assertThat(progress.passed()).isFalse();
        assertThat(table(report("sv-stale"), "Tasks").sourceValues()).extracting(SourceValueFinding::path, SourceValueFinding::values)
                .containsExactly(tuple("assignee", 3L), tuple("legacyProjectId", 3L));
    }

    @Test
    void itemsTheRunDidNotWrite_areNotItsToJudge() {
        // Production's own task, there before the run, naming a user of the source: not the run's.
        items.put("Tasks-prod", item("id", s("prod-task-0001"), "assignee", s(SUB_ADMIN)));

        ValidationProgress progress = fullRunAndValidate("sv-prod", "");

        assertThat(progress.passed()).isFalse();
        TableValidation tasks = table(report("sv-prod"), "Tasks");
        assertThat(tasks.byDigest()).as("a target that held items is checked item by item").isFalse();
        assertThat(tasks.sourceValues()).extracting(SourceValueFinding::path, SourceValueFinding::values).containsExactly(
                tuple("assignee", 3L), tuple("legacyProjectId", 3L));
    }

    @Test
    void aFindingNamesItsItemWithEmailsMasked_anEmailUsernameIsNoFinding_andValidationJsonHoldsNoEmail() {
        items.createTable("Inboxes-dev", "id", ScalarAttributeType.S);
        items.createTable("Inboxes-prod", "id", ScalarAttributeType.S);
        // Keyed by a user's email, which is no finding (a contact detail the target's user shares), beside her dev sub.
        items.put("Inboxes-dev", item("id", s("inbox#carol.jones@example.com"), "ownerSub", s(SUB_CAROL),
                "contact", s("carol.jones@example.com")));

        ValidationProgress progress = validate(runWithInboxes());

        assertThat(progress.passed()).isFalse();
        assertThat(report("sv-inbox").failures()).containsExactly("table Inboxes, attribute ownerSub: 1 value is a source user's"
                + " sub; the plan does not map this attribute (first: item id=inbox#c***@e***.com); map it in the plan, or list"
                + " it in the table's keepSourceValues to copy it as it is");
        assertThat(artifacts.text(RunLayout.validation("sv-inbox"))).doesNotContain("carol.jones@example.com");
    }

    private String runWithInboxes() {
        fullRun("sv-inbox", ", \"assignee\": \"@sub\", \"legacyProjectId\": \"Projects\"", "",
                ", \"Inboxes\": {\"ids\": \"preserve\"}");
        return "sv-inbox";
    }

    /** The key, as messages name it, of the first target item of {@code model} (in scan order) holding {@code attribute}. */
    private String firstKey(String model, String attribute) {
        return items.items(model + "-prod").stream().filter(item -> item.containsKey(attribute))
                .map(item -> ItemKeys.describe(Map.of("id", item.get("id")))).findFirst().orElseThrow();
    }

    private ValidationReport report(String runId) {
        return artifacts.json(RunLayout.validation(runId), ValidationReport.class);
    }

    private RunManifest manifest(String runId) {
        return artifacts.json(RunLayout.manifest(runId), RunManifest.class);
    }

    private static TableValidation table(ValidationReport report, String model) {
        return report.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }
}
