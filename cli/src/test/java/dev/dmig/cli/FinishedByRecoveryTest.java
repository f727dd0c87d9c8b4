package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.executor.Execution;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.local.LocalRunner;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What the command line says of a full run whose validation passed but whose Finalize failed: the recovery path
 * finished it as succeeded, so the verdict is the migration's, not the failed report's.
 */
class FinishedByRecoveryTest {
    private static final String RUN = "finished-by-recovery";
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "recovered",
             "tables": {"Contacts": {}}}""";

    @Test
    void aValidatedRunWhoseFinalizeFails_endsSucceeded_sayingTheRecoveryFinishedIt() {
        InMemoryItemStore items = new InMemoryItemStore();
        for (String suffix : List.of("-dev", "-prod")) {
            items.createTable("Contacts" + suffix, "id", ScalarAttributeType.S);
        }
        for (int i = 0; i < 10; i++) {
            items.put("Contacts-dev", Map.of("id", AttributeValue.fromS("c" + i)));
        }
        AtomicBoolean validated = new AtomicBoolean();
        AtomicBoolean failed = new AtomicBoolean();
        InMemoryArtifactStore stored = new InMemoryArtifactStore("recovered");
        // Finalize's first read of a checkpoint, once the validation is stored, fails: the execution ends ReportFailed.
        ForwardingArtifactStore artifacts = new ForwardingArtifactStore(stored) {
            @Override
            public void put(String key, byte[] body, String contentType) {
                super.put(key, body, contentType);
                validated.compareAndSet(false, key.equals(RunLayout.validation(RUN)));
            }

            @Override
            public Optional<byte[]> get(String key) {
                if (validated.get() && key.startsWith(RunLayout.checkpoints(RUN)) && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected: reading " + key + " failed");
                }
                return super.get(key);
            }
        };
        try (Services services = new Services(items, artifacts, Settings.defaults("recovered"), FaultInjector.NONE)) {
            LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 4, List.of());
            ObjectNode input = Json.MAPPER.createObjectNode().put("mode", "full").put("runId", RUN).put("confirm", true)
                    .put("backup", false);
            input.set("config", Json.tree(PLAN.getBytes(StandardCharsets.UTF_8)));

            Execution execution = runner.run(RUN, RUN, input);
            assertThat(execution.path()).endsWith("ReportFailed");

            StringWriter printed = new StringWriter();
            CommandLine command = new CommandLine(new MigrateCommand());
            command.setOut(new PrintWriter(printed, true));
            int exit = ((MigrateCommand) command.getCommand()).launcher.report(Outcome.of(execution), "full", RUN, artifacts, List.of());

            String[] lines = printed.toString().strip().split("\n");
            assertThat(exit).isEqualTo(ExitCode.OK);
            assertThat(lines[lines.length - 1]).startsWith("SUCCEEDED  run " + RUN + " (full): 10 items migrated and validated; the run took ");
            assertThat(printed.toString()).contains("recovery: finished — ").contains("after its validation passed: finished as succeeded");
            assertThat(items.count("Contacts-prod")).isEqualTo(10);
        }
    }
}
