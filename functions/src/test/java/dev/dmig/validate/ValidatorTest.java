package dev.dmig.validate;

import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.json.Json;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunStatus;
import dev.dmig.run.RunState;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.InFlight;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ValidatorTest {
    private SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    private ValidationReport report() {
        return app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class);
    }

    private TableValidation table(String model) {
        return report().tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }

    private Map<String, AttributeValue> targetKey(String model, String oldId) {
        return item("id", s(app.newId(model, oldId)));
    }

    @Test
    void cleanMigration_passes_withSourceOrphansCountedApart() {
        app.fullRun("run1");
        int lookups = app.items.calls(InMemoryItemStore.Operation.GET_ALL, target("Requests"));
        ValidationProgress progress = app.validate("run1", "exec-v");
        // Targets empty before the run are compared whole, by digest, with no lookup; Contacts' held an item already.
        assertThat(report().tables()).extracting(TableValidation::model, TableValidation::byDigest).containsExactly(
                tuple("Contacts", false), tuple("Properties", true), tuple("Requests", true), tuple("AppPreferences", true));
        assertThat(app.items.calls(InMemoryItemStore.Operation.GET_ALL, target("Requests"))).isEqualTo(lookups);
        assertThat(progress).isEqualTo(new ValidationProgress(true, true, 4, 0));
        assertThat(report().passed()).isTrue();
        assertThat(report().failures()).isEmpty();
        TableValidation requests = table("Requests");
        assertThat(requests.passed()).isTrue();
        assertThat(requests.sourceItems()).isEqualTo(5);
        assertThat(requests.itemsRead()).isEqualTo(5);
        assertThat(requests.itemsWritten()).isEqualTo(5);
        assertThat(requests.matched()).isEqualTo(5);
        assertThat(requests.countsConsistent()).isTrue();
        assertThat(requests.contentEqual()).isTrue();
        assertThat(requests.expectedDigest()).isEqualTo(requests.targetDigest());
        assertThat(requests.sourceOrphans()).isEqualTo(1);
        assertThat(requests.brokenReferences()).isZero();
        // c1, ghost, c6, c2 | p1, p2, p3, p1 | c2, c2, c3, c1, c5 | c4 | theme
        assertThat(requests.referencesChecked()).isEqualTo(15);
        assertThat(requests.sourceUnchanged()).isTrue();
        assertThat(requests.sourceState()).isEqualTo("same");
        assertThat(requests.sourceDigestBefore()).isEqualTo(requests.sourceDigestAfter());
        assertThat(table("Contacts").matched()).isEqualTo(7);
        assertThat(report().tables()).allMatch(TableValidation::passed);
    }

    @Test
    void whatACallReadsOfTheRunAfterItsManifest_isReadSideBySide_andTheVerdictIsTheSame() {
        app.fullRun("run1");
        Set<String> keys = Set.of(RunLayout.plan("run1"), RunLayout.analysis("run1"), RunLayout.validationPassPlan("run1", "exec-v"));
        InFlight reads = new InFlight(3);
        ArtifactStore watched = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public Optional<byte[]> get(String key) {
                return keys.contains(key) ? reads.during(() -> super.get(key)) : super.get(key);
            }
        };

        ValidationProgress progress;
        do {
            progress = new Validator(app.items, watched, app.settings, app.scanPool).validate("run1", "exec-v", Deadline.in(60_000));
        } while (!progress.done());

        assertThat(reads.most()).as("the plan, the analysis and the pass plan read at once").isEqualTo(3);
        assertThat(progress.passed()).isTrue();
        assertThat(report().tables()).allSatisfy(t -> assertThat(t.passed()).isTrue());
    }

    @Test
    void theLargestTablesAreCheckedFirst_soThatNoneIsBegunLastAlone() {
        for (int i = 6; i <= 20; i++) {
            app.items.put(source("Requests"), item("id", s("r" + i), "agentContactId", s("c1"), "addressId", s("p1")));
        }
        app.fullRun("run1");
        assertThat(app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class).tables().get(0))
                .as("the run's first table is not its largest").isNotEqualTo("Requests");
        List<String> scanned = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.dmig.store.ItemStore watched = new dev.dmig.store.ForwardingItemStore(app.items) {
            @Override
            public dev.dmig.store.ScanPage scan(String table, int segment, int totalSegments,
                                                Map<String, AttributeValue> exclusiveStartKey, int limit, boolean consistentRead) {
                scanned.add(table);
                return super.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
            }
        };
        java.util.concurrent.ExecutorService onePool = java.util.concurrent.Executors.newSingleThreadExecutor();
        ValidationProgress progress;
        try {
            do {
                progress = new Validator(watched, app.artifacts, app.settings, onePool).validate("run1", "exec-v", Deadline.in(60_000));
            } while (!progress.done());
        } finally {
            onePool.shutdownNow();
        }

        assertThat(scanned.get(0)).isIn(source("Requests"), target("Requests"));
        assertThat(progress.passed()).isTrue();
        assertThat(report().tables()).extracting(TableValidation::model).as("reported in the run's order")
                .isEqualTo(app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class).tables());
    }

    @Test
    void tamperedTargetItem_fails_withAnExampleNamingTheKey() {
        app.fullRun("run1");
        Map<String, AttributeValue> c7 = app.items.item(target("Contacts"), targetKey("Contacts", "c7")).orElseThrow();
        app.items.put(target("Contacts"), with(c7, "name", s("changed in production")));
        ValidationProgress progress = app.validate("run1", "exec-v");
        assertThat(progress).isEqualTo(new ValidationProgress(true, false, 4, 1));
        TableValidation contacts = table("Contacts");
        assertThat(contacts.passed()).isFalse();
        assertThat(contacts.mismatched()).isEqualTo(1);
        assertThat(contacts.contentEqual()).isFalse();
        assertThat(contacts.examples()).containsExactly("table Contacts: target item id=" + app.newId("Contacts", "c7")
                + " (source id=c7) differs in attributes name");
        assertThat(report().failures()).containsExactly("table Contacts: 1 target item differs from the transformed source");
        assertThat(table("Requests").passed()).isTrue();
        // The digests disagreed; the item-by-item pass named the item.
        assertThat(report().tables()).noneMatch(TableValidation::byDigest);
    }

    @Test
    void fannedOut_eachPassIsHandedToTheMap_segmentBySegment_andTheLastCallGivesTheVerdict() {
        app.fullRun("run1");
        app.items.delete(target("Contacts"), targetKey("Contacts", "c7"));
        // The sample's tables have a few segments each: every table counts as large here.
        Validator fanning = new Validator(app.items, app.artifacts, app.settings.withDistributedMapSegments(1), app.scanPool);
        List<List<RunState.Unit>> handedOut = new ArrayList<>();
        ValidationProgress progress = fanning.validate("run1", "exec-f", Deadline.in(60_000), true);
        while (!progress.done() && handedOut.size() < 10) {
            List<RunState.Unit> units = List.of(Json.read(app.artifacts.get(progress.units().key()).orElseThrow(),
                    RunState.Unit[].class));
            handedOut.add(units);
            for (RunState.Unit unit : units) {
                // As the Map does: one task per (table, segment), with the unit as the Map handed it.
                assertThat(fanning.validateSegment("run1", "exec-f", unit, Deadline.in(60_000))).isTrue();
            }
            progress = fanning.validate("run1", "exec-f", Deadline.in(60_000), true);
        }

        assertThat(progress).isEqualTo(new ValidationProgress(true, false, 4, 1));
        assertThat(table("Contacts").missing()).isEqualTo(1);
        assertThat(handedOut).hasSize(2);
        assertThat(handedOut.get(0)).extracting(RunState.Unit::table).containsOnly("Contacts", "Properties", "Requests",
                "AppPreferences");
        assertThat(handedOut.get(0)).extracting(RunState.Unit::round).containsOnlyNulls();
        // Contacts failed, so the tables checked by digest were handed out again, to be checked item by item.
        assertThat(handedOut.get(1)).isNotEmpty().extracting(RunState.Unit::round).containsOnly(1);
        assertThat(handedOut.get(1)).extracting(RunState.Unit::table).contains("Requests");
        assertThat(table("Requests").byDigest()).isFalse();
        assertThat(table("Requests").passed()).isTrue();
        assertThat(table("Requests").matched()).isPositive();
    }

    @Test
    void fannedOut_theVerdictJudgesThePartsByThePlanTheFanOutCallWrote_notByOneWorkedOutAgain() {
        app.fullRun("run1");
        Validator fanning = new Validator(app.items, app.artifacts, app.settings.withDistributedMapSegments(1), app.scanPool);
        ValidationProgress progress = fanning.validate("run1", "exec-p", Deadline.in(60_000), true);
        // As if the fan-out call had found the run skipping items, or a target holding items: every table item by item.
        String planKey = RunLayout.validationPassPlan("run1", "exec-p");
        Validator.PassPlan written = app.artifacts.json(planKey, Validator.PassPlan.class);
        assertThat(written.byDigest()).isNotEmpty();
        app.artifacts.putJson(planKey, new Validator.PassPlan(Set.of(), Set.of(), Set.of(), written.digests(), false,
                Set.of()));
        for (RunState.Unit unit : Json.read(app.artifacts.get(progress.units().key()).orElseThrow(), RunState.Unit[].class)) {
            assertThat(fanning.validateSegment("run1", "exec-p", unit, Deadline.in(60_000))).isTrue();
        }

        progress = fanning.validate("run1", "exec-p", Deadline.in(60_000), true);

        assertThat(progress).isEqualTo(new ValidationProgress(true, true, 4, 0));
        assertThat(report().tables()).noneMatch(TableValidation::byDigest).allMatch(table -> table.matched() > 0);
    }

    @Test
    void aTargetThatHeldItemsBeforeTheRun_isCheckedItemByItem_andItsOtherItemsDoNotMatter() {
        app.fullRun("run1");
        assertThat(app.items.item(target("Contacts"), item("id", s("prod-only-contact")))).isPresent();
        assertThat(app.validate("run1", "exec-v").passed()).isTrue();
        assertThat(table("Contacts").byDigest()).isFalse();
        assertThat(table("Contacts").matched()).isEqualTo(7);
        assertThat(table("Contacts").targetDigest()).isEqualTo(table("Contacts").expectedDigest());
    }

    @Test
    void anItemWrittenToAnEmptyTargetBesidesTheRun_failsTheDigest_andTheItemByItemPassStillPasses() {
        app.fullRun("run1");
        app.items.put(target("Properties"), item("id", s("written-by-the-app-meanwhile")));
        assertThat(app.validate("run1", "exec-v").passed()).isTrue();
        assertThat(table("Properties").byDigest()).isFalse();
        assertThat(table("Properties").matched()).isEqualTo(3);
        assertThat(table("Requests").brokenReferences()).isZero();
        assertThat(table("Requests").sourceOrphans()).isEqualTo(1);
    }

    @Test
    void deletedTargetItem_fails_withAnExampleNamingTheKey() {
        app.fullRun("run1");
        app.items.delete(target("Contacts"), targetKey("Contacts", "c7"));
        assertThat(app.validate("run1", "exec-v").passed()).isFalse();
        TableValidation contacts = table("Contacts");
        assertThat(contacts.missing()).isEqualTo(1);
        assertThat(contacts.examples()).containsExactly("table Contacts: target item id=" + app.newId("Contacts", "c7")
                + " (source id=c7) is missing");
        assertThat(report().failures()).containsExactly("table Contacts: 1 target item missing");
    }

    @Test
    void referenceToADeletedParent_fails_naming_itemAttributeAndParent() {
        app.fullRun("run1");
        app.items.delete(target("Properties"), targetKey("Properties", "p3"));
        assertThat(app.validate("run1", "exec-v").passed()).isFalse();
        TableValidation requests = table("Requests");
        assertThat(requests.passed()).isFalse();
        assertThat(requests.brokenReferences()).isEqualTo(1);
        assertThat(requests.sourceOrphans()).isEqualTo(1);
        assertThat(requests.examples()).containsExactly("table Requests: item id=" + app.newId("Requests", "r4")
                + ", attribute addressId points at Properties " + app.newId("Properties", "p3") + ", which is not in the target table");
        assertThat(report().failures()).containsExactly(
                "table Properties: 1 target item missing",
                "table Requests: 1 references do not resolve in the target");
    }

    /** Analysis warns that references to tables outside a --tables run resolve once those are migrated: not a failure. */
    @Test
    void aRunOfSomeTables_passes_leavingItsReferencesToTablesOutsideItUnchecked() {
        RunState state = app.analyze(new RunRequest("full", "some", null, app.planNode(), null, null, null, null, true, null,
                List.of("Requests"), null, null));
        app.migrate(state, 60_000);

        ValidationProgress validated = app.validate("some", "exec-v");
        ValidationReport report = app.artifacts.json(RunLayout.validation("some"), ValidationReport.class);
        assertThat(validated.passed()).as("%s", report.failures()).isTrue();
        TableValidation requests = report.tables().stream().filter(t -> t.model().equals("Requests")).findFirst().orElseThrow();
        assertThat(requests.brokenReferences()).isZero();
        assertThat(requests.uncheckedReferences()).isPositive();
    }

    @Test
    void sourceChangedAfterAnalysis_fails() {
        app.fullRun("run1");
        app.items.put(source("Properties"), item("id", s("p2"), "street", s("renamed after analysis")));
        app.items.put(target("Properties"), item("id", s(app.newId("Properties", "p2")), "street", s("renamed after analysis")));
        assertThat(app.validate("run1", "exec-v").passed()).isFalse();
        assertThat(table("Properties").sourceUnchanged()).isFalse();
        assertThat(table("Properties").sourceState()).isEqualTo("changed");
        assertThat(table("Properties").contentEqual()).isTrue();
        assertThat(report().failures()).containsExactly("table Properties: the source table changed during the run");
    }

    /** The execution that analyzed and migrated the run in {@link SampleMigration#fullRun}: its Validate step is the run's own. */
    private static final String RUNS_OWN = "exec-run1";

    @Test
    void withinTheRun_aTableCheckedByDigest_readsOnlyItsTarget_theMigrationsReadStandsForItsSource() {
        app.fullRun("run1");
        int sourceScans = app.items.calls(InMemoryItemStore.Operation.SCAN, source("Requests"));
        int targetScans = app.items.calls(InMemoryItemStore.Operation.SCAN, target("Requests"));
        assertThat(app.validate("run1", RUNS_OWN).passed()).isTrue();
        assertThat(app.items.calls(InMemoryItemStore.Operation.SCAN, source("Requests"))).isEqualTo(sourceScans);
        assertThat(app.items.calls(InMemoryItemStore.Operation.SCAN, target("Requests"))).isGreaterThan(targetScans);
        TableValidation requests = table("Requests");
        assertThat(requests.byDigest()).isTrue();
        assertThat(requests.sourceReadByMigration()).isTrue();
        assertThat(requests.sourceItems()).isEqualTo(5);
        assertThat(requests.sourceDigestAfter()).isEqualTo(requests.sourceDigestBefore());
        assertThat(requests.matched()).isEqualTo(5);
        // Contacts' target held an item before the run: item by item, reading its source.
        assertThat(table("Contacts").sourceReadByMigration()).isFalse();
        assertThat(table("Contacts").matched()).isEqualTo(7);
    }

    /** The sample app with production's own contact gone: every target table of the run is empty, so it is written together. */
    private RunState analyzedIntoEmptyTargets() {
        app.items.delete(target("Contacts"), item("id", s("prod-only-contact")));
        return app.analyze(app.fullRequest("run1"));
    }

    /** Copies one table of {@code state}, every segment until done. */
    private void copy(RunState state, String model) {
        RunState.TableWork table = state.levels().get(0).tables().stream().filter(t -> t.table().equals(model)).findFirst().orElseThrow();
        app.migrate(new RunState(state.runId(), state.mode(), true, true, 0,
                List.of(new RunState.Level(1, List.of(table)))), 60_000);
    }

    @Test
    void writtenTogether_aTableIsValidatedOnceItsCopyIsDone_andTheVerdictFindsItsCheckDone() {
        RunState state = analyzedIntoEmptyTargets();
        assertThat(state.levels()).hasSize(1);
        assertThat(state.levels().get(0).tables()).allMatch(RunState.TableWork::validatedOnCopy);
        copy(state, "Properties");
        int before = app.items.calls(InMemoryItemStore.Operation.SCAN, target("Properties"));

        assertThat(app.validator().validateTable("run1", RUNS_OWN, "Properties", Deadline.in(60_000))).isTrue();
        int checked = app.items.calls(InMemoryItemStore.Operation.SCAN, target("Properties"));
        assertThat(checked).as("Properties' target read while the other tables still wait to be copied").isGreaterThan(before);

        for (String model : List.of("Contacts", "Requests", "AppPreferences")) {
            copy(state, model);
        }
        assertThat(app.validate("run1", RUNS_OWN).passed()).isTrue();
        assertThat(app.items.calls(InMemoryItemStore.Operation.SCAN, target("Properties")))
                .as("the verdict's pass found Properties checked").isEqualTo(checked);
        assertThat(table("Properties").passed()).isTrue();
        assertThat(table("Properties").byDigest()).isTrue();
        assertThat(table("Properties").matched()).isEqualTo(3);
    }

    @Test
    void aVerdictByAnotherPassPlan_refusesAPartCheckedBesideTheCopy() {
        RunState state = analyzedIntoEmptyTargets();
        copy(state, "Properties");
        assertThat(app.validator().validateTable("run1", RUNS_OWN, "Properties", Deadline.in(60_000))).isTrue();
        for (String model : List.of("Contacts", "Requests", "AppPreferences")) {
            copy(state, model);
        }
        // A verdict judging by a pass plan that checks Properties item by item cannot take a part checked by digest.
        Validator.PassPlan other = new Validator.PassPlan(Set.of("Contacts", "Requests", "AppPreferences"), Set.of(), Set.of(),
                Map.of(), false, Set.of());
        app.artifacts.putJson(RunLayout.validationPassPlan("run1", RUNS_OWN), other);

        assertThatThrownBy(() -> app.validate("run1", RUNS_OWN))
                .hasMessageContaining("table Properties, segment 0: its validation part was made by another pass plan");
    }

    @Test
    void aRunWrittenLevelByLevel_validatesNoTableBesideTheCopy() {
        RunState state = app.analyze(app.fullRequest("run1"));
        assertThat(state.levels()).as("a table waits for the tables it refers to").anyMatch(RunState.Level::awaitsParents);
        assertThat(state.levels()).flatMap(RunState.Level::tables).noneMatch(RunState.TableWork::validatedOnCopy);
        app.migrate(state, 60_000);
        int before = app.items.calls(InMemoryItemStore.Operation.SCAN, target("Properties"));

        assertThat(app.validator().validateTable("run1", RUNS_OWN, "Properties", Deadline.in(60_000))).isTrue();
        assertThat(app.items.calls(InMemoryItemStore.Operation.SCAN, target("Properties"))).isEqualTo(before);
    }

    @Test
    void aSourceItemChangedBetweenAnalysisAndMigration_failsTheRun_asTheSourceChanged() {
        RunState state = app.analyze(app.fullRequest("run1"));
        app.items.put(source("Properties"), item("id", s("p2"), "street", s("renamed after analysis")));
        app.migrate(state, 60_000);
        // The digests differ, so the table is read again item by item: the target is the changed source, copied exactly.
        assertPropertiesFailAsTheSourceChanged();
    }

    /** The run's own validation fails Properties for its source alone: what it copied is what the source holds now. */
    private void assertPropertiesFailAsTheSourceChanged() {
        assertThat(app.validate("run1", RUNS_OWN).passed()).isFalse();
        assertThat(table("Properties").sourceUnchanged()).isFalse();
        assertThat(table("Properties").contentEqual()).isTrue();
        assertThat(report().failures()).containsExactly("table Properties: the source table changed during the run");
    }

    /** Only the migration's digest of the source can see this change: the attribute never reaches the target. */
    @Test
    void aRemovedAttributeChangedBetweenAnalysisAndMigration_failsTheRun_byTheMigrationsDigestAlone() {
        ObjectNode plan = (ObjectNode) app.planNode();
        ((ObjectNode) plan.get("tables").get("Properties")).putArray("remove").add("rooms");
        RunState state = app.analyze(new RunRequest("full", "run1", null, plan, null, null, null, null, true, null, null,
                null, null));
        app.items.put(source("Properties"), item("id", s("p1"), "street", s("1 High St"), "rooms", n("4")));
        app.migrate(state, 60_000);
        assertPropertiesFailAsTheSourceChanged();
    }

    @Test
    void aTargetItemChangedAfterTheCopy_failsTheDigest_andTheItemByItemPassNamesIt() {
        app.fullRun("run1");
        Map<String, AttributeValue> p1 = app.items.item(target("Properties"), targetKey("Properties", "p1")).orElseThrow();
        app.items.put(target("Properties"), with(p1, "street", s("changed in production")));
        assertThat(app.validate("run1", RUNS_OWN).passed()).isFalse();
        assertThat(table("Properties").byDigest()).isFalse();
        assertThat(table("Properties").mismatched()).isEqualTo(1);
        assertThat(report().failures()).containsExactly("table Properties: 1 target item differs from the transformed source");
    }

    /**
     * The accepted limit of not reading the source again: the run copied the source as analysis and migration both read
     * it, and a change made after the migration read an item is outside the copy, as a change after the run would be.
     * Validating the run again later, in another execution, reads the source and says so, even while the manifest still
     * says the run is migrating (as {@code dmig stop} or a killed process leaves it).
     */
    @Test
    void aSourceItemChangedAfterTheCopy_isOutsideTheRunsCopy_andValidatingTheRunLaterFindsIt() {
        app.fullRun("run1");
        app.items.put(source("Properties"), item("id", s("p2"), "street", s("renamed after the copy")));
        assertThat(app.validate("run1", RUNS_OWN).passed()).isTrue();
        assertThat(table("Properties").sourceReadByMigration()).isTrue();
        RunManifest manifest = app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class);
        app.artifacts.putJson(RunLayout.manifest("run1"), manifest.with(RunStatus.MIGRATING));

        assertThat(app.validate("run1", "exec-validate-a-week-later").passed()).isFalse();
        assertThat(table("Properties").sourceReadByMigration()).isFalse();
        assertThat(report().failures()).containsExactly(
                "table Properties: 1 target item differs from the transformed source; the source table changed during the run");
    }

    @Test
    void aRunResumedByAnotherExecution_readsItsSourceAgain_theCopysReadsMayBeOld() {
        app.fullRun("run1");
        app.items.put(source("Properties"), item("id", s("p2"), "street", s("renamed while the run was stopped")));
        RunManifest manifest = app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class);
        app.artifacts.putJson(RunLayout.manifest("run1"), manifest.withExecution("exec-resumed", java.util.Optional.empty()));

        assertThat(app.validate("run1", "exec-resumed").passed()).isFalse();
        assertThat(table("Properties").sourceReadByMigration()).isFalse();
        assertThat(table("Properties").sourceUnchanged()).isFalse();
        assertThat(table("Requests").sourceReadByMigration()).isFalse();
        assertThat(table("Requests").passed()).isTrue();
    }

    @Test
    void checkpointsOfAVersionThatTookNoSourceDigest_readTheSourceAgain() {
        app.fullRun("run1");
        for (String key : app.artifacts.keys()) {
            if (key.startsWith("runs/run1/checkpoints/Requests/")) {
                ObjectNode checkpoint = (ObjectNode) Json.tree(app.artifacts.get(key).orElseThrow());
                checkpoint.remove("sourceDigest");
                app.artifacts.putJson(key, checkpoint);
            }
        }
        int sourceScans = app.items.calls(InMemoryItemStore.Operation.SCAN, source("Requests"));
        assertThat(app.validate("run1", RUNS_OWN).passed()).isTrue();
        assertThat(app.items.calls(InMemoryItemStore.Operation.SCAN, source("Requests"))).isGreaterThan(sourceScans);
        assertThat(table("Requests").byDigest()).isTrue();
        assertThat(table("Requests").sourceReadByMigration()).isFalse();
        assertThat(table("Requests").sourceUnchanged()).isTrue();
        assertThat(table("Properties").sourceReadByMigration()).isTrue();
    }

    /**
     * A run an earlier version analyzed (SHA-256 digests) and this one validates: the validation's digests are
     * SHA-256 too, the migration's (this version's) do not stand for the source, and a changed target item still fails it.
     */
    @Test
    void aRunAnalyzedWithSha256Digests_isValidatedWithThem_andStillFindsAChange() {
        app.fullRun("run1");
        ObjectNode analysis = (ObjectNode) Json.tree(app.artifacts.get(RunLayout.analysis("run1")).orElseThrow());
        analysis.withArray("tables").forEach(node -> {
            String model = node.get("model").asText();
            ((ObjectNode) node).put("sourceDigest", sha256(app.items.items(source(model))));
            ((ObjectNode) node).put("expectedDigest", sha256(app.items.items(target(model)).stream()
                    .filter(item -> !item.get("id").s().equals("prod-only-contact")).toList()));
        });
        app.artifacts.putJson(RunLayout.analysis("run1"), analysis);

        assertThat(app.validate("run1", RUNS_OWN).passed()).isTrue();
        assertThat(report().tables()).noneMatch(TableValidation::sourceReadByMigration).allSatisfy(table -> {
            assertThat(table.sourceDigestAfter()).isEqualTo(table.sourceDigestBefore()).hasSize(64);
            assertThat(table.targetDigest()).hasSize(64);
        });
        assertThat(table("Requests").byDigest()).isTrue();

        Map<String, AttributeValue> p1 = app.items.item(target("Properties"), targetKey("Properties", "p1")).orElseThrow();
        app.items.put(target("Properties"), with(p1, "street", s("changed in production")));
        assertThat(app.validate("run1", "exec-again").passed()).isFalse();
        assertThat(table("Properties").mismatched()).isEqualTo(1);
    }

    private static String sha256(List<Map<String, AttributeValue>> items) {
        ContentDigest digest = new ContentDigest(ContentDigest.Algorithm.SHA256);
        items.forEach(digest::add);
        return digest.hex();
    }

    @Test
    void anAnalysisThatTookNoDigestOfTheMappedItems_readsTheSourceAgain() {
        app.fullRun("run1");
        ObjectNode analysis = (ObjectNode) Json.tree(app.artifacts.get(RunLayout.analysis("run1")).orElseThrow());
        analysis.withArray("tables").forEach(table -> ((ObjectNode) table).putNull("expectedDigest"));
        app.artifacts.putJson(RunLayout.analysis("run1"), analysis);
        assertThat(app.validate("run1", RUNS_OWN).passed()).isTrue();
        assertThat(report().tables()).noneMatch(TableValidation::sourceReadByMigration);
        assertThat(table("Requests").byDigest()).isTrue();
    }

    /**
     * Analysis parts of one table holding digests of two algorithms (a deploy of a new version while its segments were
     * read): the analysis cannot sum them, and fails before anything is written.
     */
    @Test
    void analysisPartsWithDigestsOfTwoAlgorithms_failTheAnalysis_beforeAnyWrite() {
        RunRequest request = app.fullRequest("run1");
        for (int call = 0; call < 3; call++) {
            app.analyzer().analyze(request, RUNS_OWN, Deadline.in(0));
        }
        String rewritten = null;
        for (String key : app.artifacts.keys()) {
            if (rewritten == null && key.startsWith("runs/run1/analysis/") && key.endsWith(".json")) {
                ObjectNode part = (ObjectNode) Json.tree(app.artifacts.get(key).orElseThrow());
                if (part.path("digestCount").asLong() > 0) {
                    part.put("digest", "1".repeat(64));
                    app.artifacts.putJson(key, part);
                    rewritten = key;
                }
            }
        }
        assertThat(rewritten).isNotNull();

        assertThatThrownBy(() -> app.analyze(request, RUNS_OWN, 60_000)).hasMessageMatching("table \\w+: its segments were "
                + "analyzed by two versions of dmig, whose digests \\((MURMUR3, SHA256|SHA256, MURMUR3)\\) do not add up; "
                + "start the run again");
        assertThat(app.items.writeCalls()).isEmpty();
    }

    /** Analysis parts begun by a version that took no digest of the mapped items, finished by this one. */
    @Test
    void analysisPartsBegunByAnEarlierVersion_leaveTheirTableReadingItsSourceAgain() {
        RunRequest request = app.fullRequest("run1");
        for (int call = 0; call < 3; call++) {
            app.analyzer().analyze(request, RUNS_OWN, Deadline.in(0));
        }
        List<String> stripped = new ArrayList<>();
        for (String key : app.artifacts.keys()) {
            if (key.startsWith("runs/run1/analysis/") && key.endsWith(".json")) {
                ObjectNode part = (ObjectNode) Json.tree(app.artifacts.get(key).orElseThrow());
                if (part.has("expectedDigest")) {
                    part.remove("expectedDigest");
                    part.remove("expectedCount");
                    app.artifacts.putJson(key, part);
                    stripped.add(part.get("model").asText());
                }
            }
        }
        assertThat(stripped).isNotEmpty();
        RunState state = app.analyze(request, RUNS_OWN, 60_000);
        app.migrate(state, 60_000);

        assertThat(app.validate("run1", RUNS_OWN).passed()).isTrue();
        Analysis analysis = app.artifacts.json(RunLayout.analysis("run1"), Analysis.class);
        for (TableAnalysis table : analysis.tables()) {
            assertThat(table.expectedDigest() == null).as(table.model()).isEqualTo(stripped.contains(table.model()));
            assertThat(table(table.model()).sourceReadByMigration()).as(table.model())
                    .isEqualTo(!stripped.contains(table.model()) && table(table.model()).byDigest());
        }
    }

    @Test
    void validatingAgain_inANewExecution_startsAfresh() {
        app.fullRun("run1");
        app.items.delete(target("Contacts"), targetKey("Contacts", "c7"));
        assertThat(app.validate("run1", "exec-1").passed()).isFalse();
        app.items.put(target("Contacts"), app.expectedTarget("Contacts").stream()
                .filter(i -> i.get("id").s().equals(app.newId("Contacts", "c7"))).findFirst().orElseThrow());
        assertThat(app.validate("run1", "exec-2").passed()).isTrue();
    }

    @Test
    void validationStoppedByItsDeadline_resumes_andReachesTheSameVerdict() {
        app.fullRun("run1");
        int calls = 0;
        ValidationProgress progress;
        do {
            progress = app.validator().validate("run1", "exec-slow", dev.dmig.run.Deadline.in(0));
            calls++;
        } while (!progress.done() && calls < 100);
        assertThat(calls).isGreaterThan(1);
        assertThat(progress.passed()).isTrue();
        assertThat(table("Requests").matched()).isEqualTo(5);
        assertThat(table("Requests").sourceOrphans()).isEqualTo(1);
    }

    @Test
    void skippedItems_underSkip_areLeftOutOfTheContentCheck_andCountsAddUp() {
        app.close();
        app = new SampleMigration("skip", 2, 3);
        Map<String, AttributeValue> existing = item("id", s(app.newId("Contacts", "c7")), "name", s("production's own"));
        app.items.put(target("Contacts"), existing);
        app.fullRun("run1");
        assertThat(app.validate("run1", "exec-v").passed()).isTrue();
        TableValidation contacts = table("Contacts");
        assertThat(contacts.itemsSkipped()).isEqualTo(1);
        assertThat(contacts.skipped()).isEqualTo(1);
        assertThat(contacts.itemsWritten()).isEqualTo(6);
        assertThat(contacts.matched()).isEqualTo(6);
        assertThat(List.of(contacts.countsConsistent(), contacts.contentEqual())).containsOnly(true);
    }
}
