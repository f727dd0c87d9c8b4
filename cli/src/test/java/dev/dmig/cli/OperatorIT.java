package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Terminal;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What an operator sees and answers: the typed confirmation before a write, live per-table progress
 * while a migration runs, the old → new ID map, and the machine-readable result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {
    private static final Pattern BAR = Pattern.compile("\\[(#*)(\\.*)] +([\\d,]+)/([\\d,]+)");

    private SampleApp app;
    private Path planFile;

    @BeforeAll
    void setUp(@TempDir Path dir) throws IOException {
        SharedStack.credentialsForTheCli();
        app = new SampleApp("ops", SampleData.standard());
        // Slow enough to watch: 120 items/s per table, so QuoteItems (900 items, two 500-item pages) takes seconds.
        ObjectNode plan = (ObjectNode) Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8));
        plan.put("writeRateLimit", 120);
        planFile = dir.resolve("plan.json");
        SamplePlan.write(planFile, Json.pretty(plan));
    }

    @AfterAll
    void tearDown() {
        app.close();
    }

    @Test
    @Order(1)
    void onATerminal_aWrongEnvironmentName_writesNothing() {
        Map<String, String> before = app.digests(app.prodSuffix);
        List<String> prompts = new ArrayList<>();
        Result result = dmig(answering("production", prompts), "migrate", "--plan", planFile.toString(), "--confirm",
                "--no-backup", "--run", "ops-typo");
        assertThat(prompts).containsExactly("Type the target environment name (" + app.prodSuffix.substring(1) + ") to continue: ");
        assertThat(result.out()).contains("About to migrate 31 tables").contains("into  *" + app.prodSuffix);
        assertThat(result.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(result.lastLine()).isEqualTo("REFUSED  run ops-typo (full): the target environment's name was not typed "
                + "(nothing was written)");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
    }

    @Test
    @Order(2)
    void statusShowsLiveBars_whileAMigrationRuns() throws Exception {
        List<String> prompts = new ArrayList<>();
        CompletableFuture<Result> migration = CompletableFuture.supplyAsync(() -> dmig(answering(app.prodSuffix.substring(1), prompts),
                "migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run", "ops-full"));
        String partial = null;
        for (int i = 0; i < 600 && partial == null && !migration.isDone(); i++) {
            try {
                migration.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // Looked at again while the run goes on.
            }
            Result status = dmig(null, "status", "--run", "ops-full");
            if (status.code() == 0 && status.out().contains("ETA") && inProgressBar(status.out())) {
                partial = status.out();
            }
        }
        Result finished = migration.get();
        assertThat(finished.code()).as(finished.out() + finished.err()).isZero();
        assertThat(partial).as("status caught the run in the middle").isNotNull();
        assertThat(partial).startsWith("run ops-full (full): migrating").contains("items/s");
        Result after = dmig(null, "status", "--run", "ops-full");
        assertThat(after.out()).startsWith("run ops-full (full): succeeded");
        Matcher bars = BAR.matcher(after.out());
        int rows = 0;
        while (bars.find()) {
            rows++;
            assertThat(bars.group(2)).as("a finished table's bar is full").isEmpty();
            assertThat(bars.group(3)).isEqualTo(bars.group(4));
        }
        assertThat(rows).as("a bar per migrated table").isEqualTo(app.plan.migratedModels().size());
    }

    @Test
    @Order(3)
    void idmap_listsEveryOldAndNewId_andFinalizeStoredItToo() {
        Result csv = dmig(null, "idmap", "--run", "ops-full", "--table", "Contacts");
        assertThat(csv.code()).isZero();
        List<String> lines = csv.out().lines().toList();
        List<Map<String, AttributeValue>> contacts = app.scan(app.source("Contacts"));
        assertThat(lines.get(0)).isEqualTo("old_id,new_id");
        assertThat(lines).hasSize(contacts.size() + 1);
        String some = contacts.get(0).get("id").s();
        assertThat(lines).contains(some + "," + app.transformer().newId("Contacts", some));
        String stored = new String(new S3ArtifactStore(app.s3, SharedStack.BUCKET).get(RunLayout.idMap("ops-full", "Contacts"))
                .orElseThrow(), StandardCharsets.UTF_8);
        assertThat(stored.lines().sorted().toList()).isEqualTo(lines.stream().sorted().toList());
        Result unknown = dmig(null, "idmap", "--run", "ops-full", "--table", "Nope");
        assertThat(unknown.code()).isEqualTo(ExitCode.INVALID);
        assertThat(unknown.err()).startsWith("error: table Nope is not in run ops-full's plan");
    }

    @Test
    @Order(4)
    void outputJson_isOneDocumentForMachines() {
        Result result = dmig(null, "analyze", "--plan", planFile.toString(), "--run", "ops-json", "--output", "json");
        assertThat(result.code()).isZero();
        JsonNode json = Json.tree(result.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.path("runId").asText()).isEqualTo("ops-json");
        assertThat(json.path("verdict").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.path("exitCode").asInt()).isZero();
        assertThat(json.path("terminalState").asText()).isEqualTo("DryRunComplete");
        assertThat(json.path("report").path("analysis").path("totals").path("items").asLong()).isPositive();
        assertThat(json.path("artifacts").path("report").asText()).endsWith("runs/ops-json/report.json");
    }

    @Test
    @Order(5)
    void rollingARunBackAgain_afterALaterRunWrote_isRefusedInOneLine_andShowsNoEarlierRollback() {
        Map<String, String> migrated = app.digests(app.prodSuffix);
        Result unconfirmed = dmig(null, "rollback", "--run", "ops-full");
        assertThat(unconfirmed.code()).as(unconfirmed.out() + unconfirmed.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(unconfirmed.lastLine()).isEqualTo("REFUSED  run ops-full (rollback): run ops-full succeeded: rolling it back"
                + " deletes the items it created in the target tables (*" + app.prodSuffix + ") and puts back those it overwrote;"
                + " add --confirm to proceed (nothing was written)");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(migrated);
        assertThat(dmig(null, "status", "--run", "ops-full").out()).startsWith("run ops-full (full): succeeded");

        Result first = dmig(null, "rollback", "--run", "ops-full", "--confirm");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.lastLine()).startsWith("ROLLED BACK  run ops-full (rollback)");
        Result again = dmig(answering(app.prodSuffix.substring(1), new ArrayList<>()), "migrate", "--plan", planFile.toString(),
                "--confirm", "--no-backup", "--run", "ops-later");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        Map<String, String> written = app.digests(app.prodSuffix);

        Result refused = dmig(null, "rollback", "--run", "ops-full");

        assertThat(refused.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.lastLine()).isEqualTo("REFUSED  run ops-full (rollback): TargetLocked: run ops-later (status "
                + "succeeded) wrote to target environment " + app.prodSuffix + " after run ops-full and is not rolled back; "
                + "rolling ops-full back would delete or overwrite its items at the same keys: roll back ops-later first "
                + "(dmig rollback --run ops-later --confirm)");
        assertThat(refused.out()).as("the earlier rollback's result is not this one's").doesNotContain("Rollback:");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(written);
    }

    private static boolean inProgressBar(String status) {
        Matcher bars = BAR.matcher(status);
        while (bars.find()) {
            if (!bars.group(1).isEmpty() && !bars.group(2).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static Terminal answering(String answer, List<String> prompts) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                prompts.add(prompt);
                return answer;
            }
        };
    }

    private record Result(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Result dmig(Terminal terminal, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id()));
        CliRun run = CliRun.execute(all, terminal);
        return new Result(run.code(), run.out(), run.err());
    }
}
