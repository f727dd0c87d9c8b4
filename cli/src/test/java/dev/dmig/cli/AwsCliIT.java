package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.aws.Histories;
import dev.dmig.aws.HistoryScript;
import dev.dmig.aws.StepFunctionsStub.MapRunStep;
import dev.dmig.aws.StepFunctionsStub;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --aws} commands. Step Functions cannot run here, so they talk to
 * {@link StepFunctionsStub}, a stub of its API that checks every request's shape and plays scripted
 * histories of the state machine; S3 is the real embedded S3 server, where the plan is uploaded
 * and the run's artifacts are read for the summaries. Where a local run made those artifacts, the
 * AWS command must print exactly what the local one printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliIT {
    private SampleApp app;
    private Path planFile;
    private S3ArtifactStore artifacts;
    private StepFunctionsStub stub;
    /** Where runs record where they run: a local run and an AWS run of one ID stand for two machines' (two directories). */
    private Path dataDir;

    record Result(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** The Distributed Map progress lines, in the order printed. */
        List<String> mapRuns() {
            return err.lines().filter(l -> l.startsWith("  MigrateSegmentsDistributed map run")).map(String::strip).toList();
        }

        /** Where in standard error the first line starting with {@code prefix} is (after two spaces of indent). */
        int errLine(String prefix) {
            List<String> lines = err.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("  " + prefix)) {
                    return i;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "' in:\n" + err);
        }

        /** The progress lines, with their timings blanked: times differ between runs. */
        List<String> progress() {
            return err.lines().filter(l -> l.startsWith("  ok") || l.startsWith("  level") || l.startsWith("  FAIL"))
                    .map(l -> l.replaceAll("(\\d+(\\.\\d+)? s|\\d+m\\d\\ds|\\d+h\\d\\dm)", "T").strip()).toList();
        }
    }

    @BeforeAll
    void setUp(@TempDir Path dir) throws IOException {
        SharedStack.credentialsForTheCli();
        System.setProperty("dmig.aws.pollMillis", "5");
        app = new SampleApp("awscli", SampleData.scaled(0.1));
        planFile = dir.resolve("plan.json");
        app.writePlan(planFile);
        dataDir = dir;
        artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
    }

    @AfterAll
    void tearDown() {
        System.clearProperty("dmig.aws.pollMillis");
        app.close();
    }

    @BeforeEach
    void startStub() throws IOException {
        stub = new StepFunctionsStub();
    }

    @AfterEach
    void stopStub() {
        assertThat(stub.problems()).as("requests the Step Functions stub found malformed").isEmpty();
        stub.close();
    }

    private Result local(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id(), "--data-dir", dataDir.resolve("local").toString()));
        return run(all);
    }

    private Result aws(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--aws", "--state-machine-arn", StepFunctionsStub.STATE_MACHINE_ARN,
                "--stepfunctions-endpoint", stub.endpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--data-dir", dataDir.resolve("aws").toString()));
        return run(all);
    }

    private static Result run(List<String> args) {
        CliRun run = CliRun.execute(args, null);
        return new Result(run.code(), run.out(), run.err());
    }

    private static BiFunction<String, JsonNode, HistoryScript> only(String name, HistoryScript script) {
        return (started, input) -> started.equals(name) ? script : null;
    }

    private JsonNode startInput() {
        List<StepFunctionsStub.Call> starts = stub.calls("StartExecution");
        assertThat(starts).hasSize(1);
        return Json.tree(starts.get(0).body().get("input").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void migrate_onAws_uploadsThePlan_startsTheLocalInput_andReportsExactlyAsTheLocalRunDid() {
        // DynamoDB Local has no backups; the scripted AWS run below stands for a stack whose tables have PITR.
        Result local = local("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run", "aws-full");
        assertThat(local.code()).as(local.err()).isZero();
        // The history Step Functions would record for the same run: the levels it writes and their tables, from its analysis.
        Analysis analysis = artifacts.getJson(RunLayout.analysis("aws-full"), Analysis.class).orElseThrow();
        int[] tablesPerLevel = analysis.writtenLevels().stream().mapToInt(List::size).toArray();
        stub.scripts(only("aws-full", Histories.fullRun(1, tablesPerLevel, 1, 1))).revealPerPoll(25);
        Map<String, String> runBefore = objects(RunLayout.prefix("aws-full"));

        Result aws = aws("migrate", "--plan", planFile.toString(), "--confirm", "--run", "aws-full");

        assertThat(aws.code()).as(aws.err()).isZero();
        assertThat(aws.lastLine()).startsWith("SUCCEEDED  run aws-full (full): ").contains(" items migrated and validated; the run took ");
        assertThat(aws.out()).isEqualTo(local.out());
        assertThat(aws.progress()).isEqualTo(local.progress());
        assertThat(startInput()).isEqualTo(json("{\"mode\":\"full\",\"runId\":\"aws-full\",\"confirm\":true,"
                + "\"configKey\":\"config/aws-full.json\",\"identitiesKey\":\"config/aws-full.identities.csv\"}"));
        assertThat(stub.calls("StartExecution").get(0).body().get("name").asText()).isEqualTo("aws-full");
        assertThat(Json.tree(artifacts.get("config/aws-full.json").orElseThrow())).isEqualTo(json(app.planJson));
        assertThat(artifacts.get("config/aws-full.identities.csv").orElseThrow()).as("the plan's identity map, beside it")
                .isEqualTo(SamplePlan.identities());
        assertThat(aws.err()).contains("plan uploaded to s3://" + SharedStack.BUCKET + "/config/aws-full.json",
                "execution " + StepFunctionsStub.executionArn("aws-full"), "Ctrl-C stops following, not the execution");
        assertThat(stub.calls("DescribeExecution").size()).isGreaterThan(1);
        assertThat(stub.calls("GetExecutionHistory")).allSatisfy(call -> {
            assertThat(call.body().get("executionArn").asText()).isEqualTo(StepFunctionsStub.executionArn("aws-full"));
            assertThat(call.body().get("reverseOrder").asBoolean()).isTrue();
        });

        // The run's report and progress, read from the bucket, are the same as the local commands show.
        assertThat(aws("report", "--run", "aws-full").out()).isEqualTo(local("report", "--run", "aws-full").out());
        assertThat(aws("status", "--run", "aws-full").out()).isEqualTo(local("status", "--run", "aws-full").out());
        assertThat(objects(RunLayout.prefix("aws-full"))).as("on AWS only the stack's functions may write under runs/ (the "
                + "artifacts bucket's policy), so the command line writes nothing there").isEqualTo(runBefore);
    }

    /** Every object under {@code prefix}, with its ETag. */
    private Map<String, String> objects(String prefix) {
        Map<String, String> objects = new TreeMap<>();
        app.s3.listObjectsV2Paginator(b -> b.bucket(SharedStack.BUCKET).prefix(prefix)).contents()
                .forEach(o -> objects.put(o.key(), o.eTag()));
        assertThat(objects).as("objects under " + prefix).isNotEmpty();
        return objects;
    }

    @Test
    void analyze_onAws_printsTheLocalDryRunsSummary() {
        Result local = local("analyze", "--plan", planFile.toString(), "--tables", "Contacts,Requests", "--run", "aws-dry");
        assertThat(local.code()).as(local.err()).isZero();
        stub.scripts(only("aws-dry", Histories.dryRun()));

        Result aws = aws("analyze", "--plan", planFile.toString(), "--tables", "Contacts,Requests", "--run", "aws-dry");

        assertThat(aws.code()).as(aws.err()).isZero();
        assertThat(aws.out()).isEqualTo(local.out());
        assertThat(aws.lastLine()).startsWith("SUCCEEDED  run aws-dry (dry-run): analysis only, nothing written: ");
        assertThat(startInput()).isEqualTo(json("{\"mode\":\"dry-run\",\"runId\":\"aws-dry\",\"tables\":[\"Contacts\",\"Requests\"],"
                + "\"configKey\":\"config/aws-dry.json\",\"identitiesKey\":\"config/aws-dry.identities.csv\"}"));
    }

    @Test
    void migrateWithoutConfirm_onAws_isRefused_andTheInputHasNoConfirm() {
        stub.scripts(only("aws-noconfirm", Histories.confirmationRequired()));

        Result aws = aws("migrate", "--plan", planFile.toString(), "--run", "aws-noconfirm");

        assertThat(aws.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(aws.lastLine()).isEqualTo("REFUSED  run aws-noconfirm (full): a full run writes to the target tables; "
                + "add --confirm to proceed (nothing was written)");
        assertThat(startInput()).isEqualTo(json("{\"mode\":\"full\",\"runId\":\"aws-noconfirm\","
                + "\"configKey\":\"config/aws-noconfirm.json\",\"identitiesKey\":\"config/aws-noconfirm.identities.csv\"}"));
        // The Fail state's cause speaks of the execution input ("confirm": true): the verdict alone says it, in the CLI's words.
        assertThat(aws.progress()).containsExactly("ok   Analyze             T");
    }

    @Test
    void rolledBackRun_onAws_exitsOne_withTheOriginalError_andTheRollbackFromTheBucket() {
        artifacts.putJson(RunLayout.rollback("aws-rolledback"), new RollbackResult("aws-rolledback", "aws-rolledback",
                Histories.SEGMENT_ERROR, 9, 9, 120, 0, 0, 0, List.of(), true, "2026-11-22T10:00:00Z", "2026-11-22T10:00:05Z"));
        stub.scripts(only("aws-rolledback", Histories.rolledBack())).revealPerPoll(10);

        Result aws = aws("migrate", "--plan", planFile.toString(), "--confirm", "--run", "aws-rolledback");

        assertThat(aws.code()).isEqualTo(ExitCode.FAILED);
        String why = "StoreUnavailable: s3://dmig-artifacts/runs/r/journal/Requests/1/00000003.json.gz: S3 unavailable after retries";
        assertThat(aws.lastLine()).isEqualTo("ROLLED BACK  run aws-rolledback (full): " + why);
        assertThat(aws.out()).contains("Rollback: 120 created items deleted, 0 overwritten items restored");
        assertThat(aws.progress()).containsExactly("ok   Analyze             T", "level 1 copied",
                "FAIL MigrateLevels       " + why, "ok   Rollback            T", "ok   FinalizeRolledBack  T");
    }

    @Test
    void longHistory_isFollowedPageByPage_readingEachEventOnce() {
        HistoryScript script = Histories.fullRun(12, new int[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, 3, 3);
        int events = script.events().size();
        stub.scripts(only("aws-long", script)).revealPerPoll(150).historyPageSize(40);

        Result aws = aws("migrate", "--plan", planFile.toString(), "--confirm", "--run", "aws-long");

        assertThat(aws.code()).as(aws.err()).isZero();
        assertThat(aws.lastLine()).isEqualTo("SUCCEEDED  run aws-long (full)");
        List<String> expected = new ArrayList<>();
        for (int pass = 1; pass < 12; pass++) {
            expected.add("ok   Analyze             T (continues)");
        }
        expected.add("ok   Analyze             T");
        for (int level = 1; level <= 10; level++) {
            expected.add("level " + level + " copied");
        }
        expected.addAll(List.of("ok   MigrateLevels       T", "ok   Validate            T", "ok   Finalize            T",
                "ok   ExportIdMaps        T (after the run's verdict: not in its time)"));
        assertThat(aws.progress()).isEqualTo(expected);
        // The history is kept with the run, as a local run keeps it, for dmig report's path.
        JsonNode history = Json.tree(artifacts.get(RunLayout.history("aws-long")).orElseThrow());
        assertThat(history.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(history.get("path")).hasSize(12 * 2 + 10);
        assertThat(history.get("events").get(0).get("name").asText()).isEqualTo("Analyze");
        assertThat(events).isGreaterThan(3_000);
        List<StepFunctionsStub.Call> pages = stub.calls("GetExecutionHistory");
        assertThat(pages.stream().filter(p -> p.body().hasNonNull("nextToken"))).hasSizeGreaterThan(events / 150);
        assertThat(pages).allSatisfy(p -> assertThat(p.body().get("maxResults").asInt()).isEqualTo(1000));
        // Each poll reads back only to the events it already has: about one page of overlap per poll, not the whole history.
        assertThat(stub.eventsServed()).isLessThan(events + 40L * stub.calls("DescribeExecution").size());
        // No Distributed Map ran: following asked nothing about map runs.
        assertThat(stub.calls("ListMapRuns")).isEmpty();
    }

    @Test
    void distributedMaps_onAws_eachMapRunsProgressIsShown_whenItChanges_listingMapRunsPageByPage() {
        String orders = Histories.mapRunArn("Orders");
        String invoices = Histories.mapRunArn("Invoices");
        stub.scripts(only("aws-dist", Histories.distributedRun(120, "Orders", "Invoices"))).revealPerPoll(4).mapRunPageSize(1)
                .mapRun(orders, MapRunStep.running(0, 120, 0, 120), MapRunStep.running(37, 83, 0, 120),
                        MapRunStep.running(37, 83, 0, 120), MapRunStep.running(116, 4, 0, 120), MapRunStep.ended("SUCCEEDED", 120, 0))
                .mapRun(invoices, MapRunStep.running(10, 54, 0, 64), MapRunStep.ended("SUCCEEDED", 64, 0));

        Result aws = aws("migrate", "--plan", planFile.toString(), "--confirm", "--run", "aws-dist");

        assertThat(aws.code()).as(aws.err()).isZero();
        assertThat(aws.lastLine()).isEqualTo("SUCCEEDED  run aws-dist (full)");
        // One line per change: the third step repeats the second, and prints nothing.
        assertThat(aws.mapRuns().stream().filter(l -> l.contains("(Orders)"))).containsExactly(
                "MigrateSegmentsDistributed map run (Orders): 0/120 succeeded, 120 running, 0 failed",
                "MigrateSegmentsDistributed map run (Orders): 37/120 succeeded, 83 running, 0 failed",
                "MigrateSegmentsDistributed map run (Orders): 116/120 succeeded, 4 running, 0 failed",
                "MigrateSegmentsDistributed map run (Orders) SUCCEEDED: 120/120 succeeded, 0 running, 0 failed");
        assertThat(aws.mapRuns().stream().filter(l -> l.contains("(Invoices)"))).containsExactly(
                "MigrateSegmentsDistributed map run (Invoices): 10/64 succeeded, 54 running, 0 failed",
                "MigrateSegmentsDistributed map run (Invoices) SUCCEEDED: 64/64 succeeded, 0 running, 0 failed");
        assertThat(aws.mapRuns()).hasSize(6);
        assertThat(stub.calls("DescribeMapRun").stream().filter(c -> c.body().get("mapRunArn").asText().equals(orders)))
                .hasSize(5);
        // While the map runs ran, between the steps before them and after them.
        assertThat(aws.errLine("MigrateSegmentsDistributed map run")).isGreaterThan(aws.errLine("ok   Analyze"));
        assertThat(aws.errLine("MigrateSegmentsDistributed map run (Orders) SUCCEEDED")).isLessThan(aws.errLine("ok   MigrateLevels"));
        assertThat(aws.progress()).containsExactly("ok   Analyze             T", "level 1 copied", "ok   MigrateLevels       T",
                "ok   Validate            T", "ok   Finalize            T",
                "ok   ExportIdMaps        T (after the run's verdict: not in its time)");
        // Every map run listed, one per page, for this execution.
        List<StepFunctionsStub.Call> lists = stub.calls("ListMapRuns");
        assertThat(lists).allSatisfy(c -> assertThat(c.body().get("executionArn").asText())
                .isEqualTo(StepFunctionsStub.executionArn("aws-dist")));
        assertThat(lists.stream().filter(c -> c.body().hasNonNull("nextToken"))).isNotEmpty();
        // Once both map runs ended, following asks nothing more about them.
        List<String> operations = stub.calls().stream().map(StepFunctionsStub.Call::operation).toList();
        int lastMapRunCall = Math.max(operations.lastIndexOf("ListMapRuns"), operations.lastIndexOf("DescribeMapRun"));
        assertThat(operations.subList(lastMapRunCall, operations.size()).stream().filter(o -> o.equals("DescribeExecution")))
                .hasSizeGreaterThan(2);
    }

    @Test
    void failedMapRun_onAws_isNamedWithItsCounts_beforeTheRollback() {
        stub.scripts(only("aws-dist-fail", Histories.distributedRunFailing(8, "Orders"))).revealPerPoll(4)
                .mapRun(Histories.mapRunArn("Orders"), MapRunStep.running(3, 5, 0, 8), MapRunStep.running(5, 1, 2, 8),
                        MapRunStep.ended("FAILED", 6, 2));

        Result aws = aws("migrate", "--plan", planFile.toString(), "--confirm", "--run", "aws-dist-fail");

        assertThat(aws.code()).isEqualTo(ExitCode.FAILED);
        assertThat(aws.lastLine()).startsWith("ROLLED BACK  run aws-dist-fail (full): " + Histories.MAP_RUN_ERROR);
        assertThat(aws.mapRuns()).containsExactly(
                "MigrateSegmentsDistributed map run (Orders): 3/8 succeeded, 5 running, 0 failed",
                "MigrateSegmentsDistributed map run (Orders): 5/8 succeeded, 1 running, 2 failed",
                "MigrateSegmentsDistributed map run (Orders) FAILED: 6/8 succeeded, 0 running, 2 failed");
        assertThat(aws.errLine("MigrateSegmentsDistributed map run (Orders) FAILED")).isLessThan(aws.errLine("FAIL MigrateLevels"));
        String mapRunFailed = Histories.MAP_RUN_ERROR + ": The specified tolerated failure threshold was exceeded";
        assertThat(aws.progress()).containsExactly("ok   Analyze             T", "FAIL MigrateLevels       " + mapRunFailed,
                "ok   Rollback            T", "ok   FinalizeRolledBack  T");
    }

    @Test
    void mapRunsDenied_onAws_followingGoesOnWithoutThem_afterOneNote() {
        stub.scripts(only("aws-dist-denied", Histories.distributedRun(4, "Orders", "Invoices"))).revealPerPoll(2).denyMapRuns();

        Result aws = aws("migrate", "--plan", planFile.toString(), "--confirm", "--run", "aws-dist-denied");

        assertThat(aws.code()).as(aws.err()).isZero();
        assertThat(aws.lastLine()).isEqualTo("SUCCEEDED  run aws-dist-denied (full)");
        assertThat(aws.err().lines().filter(l -> l.contains("Distributed Map progress"))).containsExactly(
                "  (Distributed Map progress not shown: access denied on states:ListMapRuns "
                        + "(allow states:ListMapRuns and states:DescribeMapRun to see it))");
        assertThat(aws.mapRuns()).isEmpty();
        assertThat(stub.calls("ListMapRuns")).hasSize(1);
        assertThat(aws.progress()).endsWith("ok   MigrateLevels       T", "ok   Validate            T", "ok   Finalize            T",
                "ok   ExportIdMaps        T (after the run's verdict: not in its time)");
    }

    @Test
    void status_onAws_showsTheItemCountsOfARunningExecutionsMapRuns() {
        stub.existing("aws-s-dist", "{\"mode\":\"full\",\"runId\":\"aws-s-dist\",\"confirm\":true}",
                Histories.copyingDistributed(120, "Orders"));
        stub.existing("aws-s-inline", "{\"mode\":\"full\",\"runId\":\"aws-s-inline\",\"confirm\":true}", Histories.copying());
        stub.mapRun(Histories.mapRunArn("Orders"), MapRunStep.running(37, 4, 0, 120));

        Result status = aws("status");

        assertThat(status.code()).as(status.err()).isZero();
        List<String> rows = status.out().lines().filter(l -> l.startsWith("aws-")).map(l -> l.replaceAll(" +", " ").strip())
                .toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("aws-s-dist full ").endsWith(" RUNNING map run: 37/120 succeeded, 4 running, 0 failed");
        assertThat(rows.get(1)).startsWith("aws-s-inline full ").endsWith(" RUNNING");
        assertThat(stub.calls("ListMapRuns")).extracting(c -> c.body().get("executionArn").asText())
                .containsExactlyInAnyOrder(StepFunctionsStub.executionArn("aws-s-dist"), StepFunctionsStub.executionArn("aws-s-inline"));
        assertThat(status.err()).isEmpty();

        stub.denyMapRuns();
        int listed = stub.calls("ListMapRuns").size();
        Result denied = aws("status");

        assertThat(denied.code()).as(denied.err()).isZero();
        assertThat(denied.out().lines().filter(l -> l.startsWith("aws-s-dist")).map(l -> l.replaceAll(" +", " ").strip()))
                .singleElement().satisfies(row -> assertThat(row).endsWith(" RUNNING"));
        assertThat(denied.lastLine()).isEqualTo("2 executions of " + StepFunctionsStub.STATE_MACHINE_ARN);
        assertThat(denied.err().strip()).isEqualTo("(Distributed Map progress not shown: access denied on "
                + "states:ListMapRuns (allow states:ListMapRuns and states:DescribeMapRun to see it))");
        assertThat(stub.calls("ListMapRuns")).as("asked once, not again for the next execution").hasSize(listed + 1);
    }

    @Test
    void test_onAws_startsTheLocalTestInput() {
        stub.scripts(only("aws-test", Histories.testPassed()));

        Result aws = aws("test", "--plan", planFile.toString(), "--table", "Requests", "--id", "r-1", "--with-parents",
                "--run", "aws-test");

        assertThat(aws.code()).as(aws.err()).isZero();
        assertThat(aws.lastLine()).isEqualTo("SUCCEEDED  run aws-test (test)");
        assertThat(startInput()).isEqualTo(json("{\"mode\":\"test\",\"runId\":\"aws-test\",\"table\":\"Requests\","
                + "\"sourceId\":\"r-1\",\"limit\":1,\"withParents\":true,\"configKey\":\"config/aws-test.json\",\"identitiesKey\":\"config/aws-test.identities.csv\"}"));
        assertThat(aws.progress()).containsExactly("ok   Analyze             T", "ok   TestRecords         T",
                "ok   FinalizeTest        T",
                "ok   ExportIdMaps        T (after the run's verdict: not in its time)");
    }

    @Test
    void validateAndRollback_onAws_startNewExecutionsOnTheEarlierRun() {
        stub.scripts((name, input) -> name.endsWith("-validate") ? Histories.validationPassed()
                : name.endsWith("-rollback") ? Histories.rolledBackOnRequest() : null);

        Result validate = aws("validate", "--run", "aws-earlier");
        Result rollback = aws("rollback", "--run", "aws-earlier");
        Result confirmed = aws("rollback", "--run", "aws-earlier", "--confirm");

        assertThat(validate.code()).as(validate.err()).isZero();
        assertThat(validate.lastLine()).isEqualTo("SUCCEEDED  run aws-earlier (validate): validation passed; see s3://"
                + SharedStack.BUCKET + "/runs/aws-earlier/validation.json");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.lastLine()).isEqualTo("ROLLED BACK  run aws-earlier (rollback): rolled back on request");
        List<StepFunctionsStub.Call> starts = stub.calls("StartExecution");
        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(starts).extracting(c -> c.body().get("name").asText())
                .satisfiesExactly(n -> assertThat(n).matches("\\d{8}-\\d{6}-[0-9a-f]{4}-validate"),
                        n -> assertThat(n).matches("\\d{8}-\\d{6}-[0-9a-f]{4}-rollback"),
                        n -> assertThat(n).matches("\\d{8}-\\d{6}-[0-9a-f]{4}-rollback"));
        // --confirm: the confirmation the state machine asks of a rollback of a run that succeeded or passed validation.
        assertThat(starts).extracting(c -> json(c.body().get("input").asText())).containsExactly(
                json("{\"mode\":\"validate\",\"runId\":\"aws-earlier\"}"),
                json("{\"mode\":\"rollback\",\"runId\":\"aws-earlier\",\"rollbackRunId\":\"aws-earlier\"}"),
                json("{\"mode\":\"rollback\",\"runId\":\"aws-earlier\",\"rollbackRunId\":\"aws-earlier\",\"confirm\":true}"));
    }

    @Test
    void status_onAws_listsRecentExecutions_withModeAndVerdict_pageByPage() {
        stub.listPageSize(2);
        stub.existing("aws-s-dry", "{}", Histories.dryRun());
        stub.existing("aws-s-refused", "{\"mode\":\"full\",\"runId\":\"aws-s-refused\"}", Histories.confirmationRequired());
        stub.existing("aws-s-rolled", "{\"mode\":\"full\",\"runId\":\"aws-s-rolled\",\"confirm\":true}", Histories.rolledBack());
        HistoryScript stopped = Histories.copying();
        stopped.aborted(stopped.last(), StopCommand.STOPPED_ERROR, "dmig stop --run aws-s-stopped: stopped");
        stub.existing("aws-s-stopped", "{\"mode\":\"full\",\"runId\":\"aws-s-stopped\",\"confirm\":true}", stopped);
        stub.existing("20261122-101500-beef-resume", "{\"mode\":\"full\",\"runId\":\"aws-s-stopped\",\"resume\":true}",
                Histories.copying());

        Result all = aws("status");

        assertThat(all.code()).as(all.err()).isZero();
        List<String> rows = all.out().lines().skip(1).filter(l -> l.startsWith("aws-")).map(l -> l.replaceAll(" +", " ")).toList();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).startsWith("aws-s-dry dry-run 2026-11-22 09:01:00").contains(" SUCCEEDED");
        assertThat(rows.get(1)).startsWith("aws-s-refused full ").contains(" REFUSED ConfirmationRequired: a full run writes");
        assertThat(rows.get(2)).startsWith("aws-s-rolled full ").contains(" ROLLED BACK StoreUnavailable"
                + ": s3://dmig-artifacts/runs/r/journal/Requests/1/00000003.json.gz: S3 unavailable after retries");
        assertThat(rows.get(3)).startsWith("aws-s-stopped full ").contains(" STOPPED Stopped: dmig stop --run aws-s-stopped");
        assertThat(rows.get(4)).startsWith("aws-s-stopped full (resume) ").contains(" RUNNING");
        assertThat(all.lastLine()).isEqualTo("5 executions of " + StepFunctionsStub.STATE_MACHINE_ARN);
        assertThat(stub.calls("ListExecutions").stream().filter(c -> c.body().hasNonNull("nextToken"))).hasSize(2);

        Result recent = aws("status", "--last", "2");
        assertThat(recent.out().lines().filter(l -> l.startsWith("aws-"))).hasSize(2);
        assertThat(recent.lastLine()).isEqualTo("2 executions of " + StepFunctionsStub.STATE_MACHINE_ARN
                + " (the most recent; --last N lists more)");
    }

    @Test
    void stop_onAws_stopsTheRunsRunningExecution_withACause_andResumeContinuesIt() {
        stub.existing("aws-stop", "{\"mode\":\"full\",\"runId\":\"aws-stop\",\"confirm\":true}", Histories.copying());
        stub.existing("aws-other", "{\"mode\":\"full\",\"runId\":\"aws-other\",\"confirm\":true}", Histories.copying());

        Result stop = aws("stop", "--run", "aws-stop");

        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.lastLine()).isEqualTo("STOPPED  run aws-stop (full): continue it with dmig resume --aws --run aws-stop, "
                + "or undo it with dmig rollback --aws --run aws-stop");
        assertThat(stub.calls("ListExecutions")).allSatisfy(c -> assertThat(c.body().get("statusFilter").asText()).isEqualTo("RUNNING"));
        List<StepFunctionsStub.Call> stops = stub.calls("StopExecution");
        assertThat(stops).singleElement().satisfies(c -> {
            assertThat(c.body().get("executionArn").asText()).isEqualTo(StepFunctionsStub.executionArn("aws-stop"));
            assertThat(c.body().get("error").asText()).isEqualTo("Stopped");
            assertThat(c.body().get("cause").asText()).contains("dmig resume --aws --run aws-stop");
        });
        Result again = aws("stop", "--run", "aws-stop");
        assertThat(again.code()).isEqualTo(ExitCode.INVALID);
        assertThat(again.err().strip()).isEqualTo("error: run aws-stop has no running execution on "
                + StepFunctionsStub.STATE_MACHINE_ARN + " (dmig status --aws lists the executions)");

        stub.scripts((name, input) -> name.endsWith("-resume") ? Histories.fullRun(1, new int[] {2}, 1, 1) : null);
        Result resume = aws("resume", "--run", "aws-stop");

        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(resume.lastLine()).isEqualTo("SUCCEEDED  run aws-stop (full)");
        assertThat(startInput()).isEqualTo(json("{\"mode\":\"full\",\"runId\":\"aws-stop\",\"resume\":true}"));

        // A run's resume execution is found by the run ID in its input.
        stub.existing("20261122-110000-cafe-resume", "{\"mode\":\"full\",\"runId\":\"aws-stop\",\"resume\":true}", Histories.copying());
        assertThat(aws("stop", "--run", "aws-stop").code()).isZero();
        assertThat(stub.calls("StopExecution")).last().satisfies(c -> assertThat(c.body().get("executionArn").asText())
                .isEqualTo(StepFunctionsStub.executionArn("20261122-110000-cafe-resume")));
    }

    @Test
    void executionStoppedWhileFollowed_endsStopped_withWhatToDoNext() {
        HistoryScript script = Histories.copying();
        script.aborted(script.last(), "Stopped", "stopped in the console");
        stub.scripts(only("aws-aborted", script)).revealPerPoll(8);

        Result aws = aws("migrate", "--plan", planFile.toString(), "--confirm", "--run", "aws-aborted");

        assertThat(aws.code()).isEqualTo(ExitCode.FAILED);
        assertThat(aws.lastLine()).isEqualTo("STOPPED  run aws-aborted (full): the execution was stopped; nothing was rolled back: "
                + "continue with dmig resume --aws --run aws-aborted, or undo with dmig rollback --aws --run aws-aborted");
        assertThat(aws.progress()).endsWith("FAIL MigrateLevels       Stopped: stopped in the console");
    }

    @Test
    void wrongOrMissingAwsOptions_areOneLineErrors_andNothingIsUploadedOrStarted() {
        Result unknown = run(List.of("analyze", "--plan", planFile.toString(), "--run", "aws-unknown", "--aws",
                "--state-machine-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:other",
                "--stepfunctions-endpoint", stub.endpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET));
        assertThat(unknown.code()).isEqualTo(ExitCode.INVALID);
        assertThat(unknown.err().strip()).startsWith("error: no state machine arn:aws:states:us-east-1:123456789012:stateMachine:other "
                + "in Step Functions (").doesNotContain("\n");
        assertThat(artifacts.get("config/aws-unknown.json")).isEmpty();

        Result noBucket = run(List.of("analyze", "--plan", planFile.toString(), "--aws", "--state-machine-arn",
                StepFunctionsStub.STATE_MACHINE_ARN, "--stepfunctions-endpoint", stub.endpoint().toString()));
        assertThat(noBucket.code()).isEqualTo(ExitCode.INVALID);
        assertThat(noBucket.err().strip()).startsWith("error: --aws needs --bucket BUCKET (or DMIG_BUCKET)");

        Result badArn = run(List.of("status", "--aws", "--state-machine-arn", "dmig"));
        assertThat(badArn.code()).isEqualTo(ExitCode.INVALID);
        assertThat(badArn.err().strip()).isEqualTo("error: --state-machine-arn dmig is not a state machine ARN "
                + "(arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)");

        Result arnWithoutAws = run(List.of("analyze", "--plan", planFile.toString(), "--state-machine-arn",
                StepFunctionsStub.STATE_MACHINE_ARN));
        assertThat(arnWithoutAws.code()).isEqualTo(ExitCode.INVALID);
        assertThat(arnWithoutAws.err().strip()).isEqualTo("error: --state-machine-arn is for runs on AWS: add --aws");

        Result demo = aws("demo");
        assertThat(demo.code()).isEqualTo(ExitCode.INVALID);
        assertThat(demo.err().strip()).startsWith("error: dmig demo runs on the embedded stack only");

        stub.existing("aws-taken", "{}", Histories.dryRun());
        Result taken = aws("analyze", "--plan", planFile.toString(), "--run", "aws-taken");
        assertThat(taken.code()).isEqualTo(ExitCode.INVALID);
        assertThat(taken.err().strip()).isEqualTo("error: the state machine already has an execution named aws-taken: "
                + "give the new run another ID with --run");
        assertThat(stub.calls("StartExecution")).isEmpty();
        assertThat(artifacts.get("config/aws-taken.json")).isEmpty();
    }
}
