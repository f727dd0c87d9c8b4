package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.Where;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.faults.FaultProxy;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.AwsClients;
import dev.dmig.store.S3ArtifactStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real dmig, as a person runs it against a DynamoDB Local of their own (the test's): a migration started with
 * {@code --dynamodb-endpoint} is interrupted with Ctrl-C (SIGINT) in the middle of its copy; it says, in two lines,
 * what was done and what to run next, and the resume it prints, run exactly as printed — no endpoint — finishes the
 * run exactly, every item checked against the ID spec. The endpoint is a front before DynamoDB Local (the test's) that
 * refuses the largest table's writes as a table over its capacity does until the test lifts the rule: the run is
 * copying, and cannot end, when the interrupt comes, however busy the machine.
 */
class InterruptAndResumeIT {
    private static final String RUN = "interrupted-run";

    @Test
    void ctrlC_midCopy_saysWhatWasDone_andThePrintedResume_finishesTheRunExactly(@TempDir Path home) throws Exception {
        try (SampleApp app = new SampleApp("sigint", SampleData.scaled(0.1));
             FaultProxy front = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 11)) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            Map<String, String> environment = DmigProcess.credentials();
            SamplePlan.write(home.resolve("plan.json"), app.planJson);
            // Every write to the largest table is refused until the rules are lifted (the analysis only reads the target).
            List<FaultProxy.Rule> held = List.of("BatchWriteItem", "PutItem").stream().map(operation -> front
                    .inject(FaultProxy.Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on(operation).table(app.target("QuoteItems"))).toList();

            DmigProcess migrate = DmigProcess.start(home, environment, "migrate", "--plan", "plan.json", "--confirm",
                    "--no-backup", "--run", RUN, "--dynamodb-endpoint", front.endpoint().toString());
            migrate.awaitErrLine(line -> line.strip().startsWith("ok   Analyze "));
            // Stopped once the run has written into the target and met the held table: it cannot end before the interrupt.
            awaitCopying(app, held);
            migrate.signal("INT");
            int code = migrate.waitFor();

            assertThat(code).as("the shell's code for an interrupt:\n%s\n%s", migrate.out(), migrate.errText()).isEqualTo(130);
            List<String> lines = migrate.outLines().stream().filter(line -> !line.isBlank()).toList();
            assertThat(lines).as(migrate.errText()).hasSizeGreaterThanOrEqualTo(2);
            String done = lines.get(lines.size() - 2);
            String next = lines.get(lines.size() - 1);
            assertThat(done).startsWith("STOPPED  run " + RUN + " (full) in MigrateLevels: ")
                    .endsWith(" each journaled first; nothing was rolled back, the target stays locked for this run");
            assertThat(next).isEqualTo("next: dmig resume --run " + RUN + " continues it; dmig rollback --run " + RUN + " undoes it");
            long sources = app.plan.migratedModels().stream().mapToLong(model -> app.scan(app.source(model)).size()).sum();
            long inTarget = app.targetDigests().size();
            assertThat(inTarget).as("stopped half-way").isPositive().isLessThan(sources);
            // The count it prints is what is in the target: the checkpointed pages' and, read in the target, the pages' under way.
            Matcher counts = Pattern.compile(": ([\\d,]+) items? written, each journaled first;").matcher(done);
            assertThat(counts.find()).as(done).isTrue();
            assertThat(Long.parseLong(counts.group(1).replace(",", ""))).as(done).isEqualTo(inTarget);

            String resume = next.substring("next: ".length(), next.indexOf(" continues it"));
            front.clearRules();
            DmigProcess resumed = DmigProcess.shell(home, environment, resume);
            assertThat(resumed.waitFor()).as(resumed.out() + "\n" + resumed.errText()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run " + RUN + " (full): ");
            assertThat(resumed.errText()).as("the endpoint the run was started with").contains("run " + RUN + " on DynamoDB at " + front.endpoint());
            // The run's artifacts are in the process's own store under .dmig: read them there, the process having ended.
            try (EmbeddedStack own = EmbeddedStack.start(home.resolve(Where.DEFAULT_DATA_DIR), LocalEnvironment.EMBEDDED_BUCKET);
                 S3Client s3 = AwsClients.s3(new AwsClients.Connection(own.s3Endpoint(), own.region(), own.credentials(), 4))) {
                app.assertExactBySpec(new S3ArtifactStore(s3, own.bucket()), RUN);
            }
            assertThat(app.digests(app.devSuffix)).as("the source, untouched").isEqualTo(sourceBefore);
        }
    }

    /**
     * Waits until the run has written into the target and the front has refused a write of the held table; fails after
     * the process's own wait, as its line waits do.
     */
    private static void awaitCopying(SampleApp app, List<FaultProxy.Rule> held) throws InterruptedException {
        for (int polls = 0; polls < 600; polls++) {
            if (held.stream().anyMatch(rule -> rule.fired() > 0) && !app.scan(app.target("Contacts")).isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run wrote nothing into the target, or never wrote to QuoteItems, in 2 minutes");
    }
}
