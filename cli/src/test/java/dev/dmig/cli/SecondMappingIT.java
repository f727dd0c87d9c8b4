package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a completed migration, the same data again, as a person does it on DynamoDB Local: the same plan has nothing to
 * do and says so in one line; a plan deriving other IDs for the same tables (another idNamespace, or model names that
 * took the suffixes' separator) is refused before any write, naming the run that copied them. The target stays exactly
 * as the first run left it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondMappingIT {
    private SampleApp app;
    private Path dir;
    private String first;
    private Map<String, String> migrated;

    @BeforeAll
    void migrateOnce(@TempDir Path dir) throws IOException {
        this.dir = dir;
        SharedStack.credentialsForTheCli();
        app = new SampleApp("second", SampleData.scaled(0.05));
        first = runId("first");
        CliRun run = migrate(plan("plan.json", Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8))), first);
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        migrated = app.digests(app.prodSuffix);
    }

    @AfterAll
    void close() {
        app.close();
    }

    @Test
    void theSamePlanAgain_isOneLineNamingTheRunThatWroteIt_nothingToDo() throws IOException {
        String again = runId("again");
        CliRun run = migrate(plan("again.json", Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8))), again);
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        long items = app.copiedItems();
        assertThat(run.out()).isEqualTo("NOTHING TO DO  run " + again + " (full): the target already holds exactly what this plan"
                + " writes (" + String.format(java.util.Locale.ROOT, "%,d", items) + " items in " + (app.models().size() - 1)
                + " tables), written by run " + first + "; nothing to do\n");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(migrated);
    }

    @Test
    void anotherIdNamespace_isRefusedBeforeAnyWrite_namingTheFirstRun() throws IOException {
        ObjectNode plan = (ObjectNode) Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8));
        String namespace = plan.get("idNamespace").asText();
        plan.put("idNamespace", "another-namespace");
        // Nothing else stands in the way: the tables that keep their IDs, and unique values, would otherwise conflict.
        plan.put("onConflict", "skip");
        String other = runId("other-ns");
        CliRun run = migrate(plan("other-namespace.json", plan), other);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.lastLine()).startsWith("REFUSED  run " + other + " (full): SecondMapping: run " + first + " (full, succeeded)"
                        + " copied the same source tables into the same target tables under IDs derived otherwise: ")
                .contains(" (idNamespace \"" + namespace + "\" then, \"another-namespace\" now)")
                .endsWith("; this plan would write each of their items a second time, under new IDs. Roll back that run first"
                        + " (dmig rollback --run " + first + " --confirm), or, to keep both copies on purpose, add \"alongside\": [\""
                        + first + "\"] to the plan");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(migrated);
    }

    @Test
    void modelNamesEndingInTheSuffixesSeparator_nameTheSameTables_andAreRefused() throws IOException {
        ObjectNode plan = (ObjectNode) Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8));
        plan.put("onConflict", "skip");
        ((ObjectNode) plan.get("source")).put("tableSuffix", app.devSuffix.substring(1));
        ((ObjectNode) plan.get("target")).put("tableSuffix", app.prodSuffix.substring(1));
        ObjectNode tables = Json.MAPPER.createObjectNode();
        plan.get("tables").fields().forEachRemaining(table -> {
            ObjectNode renamed = table.getValue().deepCopy();
            JsonNode references = renamed.get("references");
            if (references != null) {
                references.fields().forEachRemaining(r -> {
                    if (r.getValue().isObject()) {
                        // A pattern: its placeholders that name a model.
                        ObjectNode pattern = (ObjectNode) r.getValue();
                        pattern.fields().forEachRemaining(p -> {
                            if (!p.getKey().equals("pattern") && !p.getValue().asText().startsWith("@")) {
                                pattern.put(p.getKey(), p.getValue().asText() + "-");
                            }
                        });
                    } else if (!r.getValue().asText().startsWith("@")) {
                        ((ObjectNode) references).put(r.getKey(), r.getValue().asText() + "-");
                    }
                });
            }
            tables.set(table.getKey() + "-", renamed);
        });
        plan.set("tables", tables);
        String renamed = runId("renamed");
        CliRun run = migrate(plan("renamed.json", plan), renamed);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.lastLine()).startsWith("REFUSED  run " + renamed + " (full): SecondMapping: run " + first)
                .containsPattern(" \\(model \"(\\w+)\" then, \"\\1-\" now\\)");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(migrated);
    }

    private CliRun migrate(Path plan, String runId) {
        return CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", runId);
    }

    private Path plan(String name, JsonNode plan) throws IOException {
        SamplePlan.write(dir.resolve(name), Json.pretty(plan));
        return dir.resolve(name);
    }

    /** Run IDs are the shared bucket's: unique per JVM. */
    private String runId(String name) {
        return "second-" + ProcessHandle.current().pid() + "-" + name;
    }
}
