package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.dmig.cli.runs.Where;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.sample.SampleData;
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
 * run exactly, every item checked against the ID spec.
 */
class InterruptAndResumeIT {
    private static final String RUN = "interrupted-run";

    @Test
    void ctrlC_midCopy_saysWhatWasDone_andThePrintedResume_finishesTheRunExactly(@TempDir Path home) throws Exception {
        try (SampleApp app = new SampleApp("sigint", SampleData.scaled(0.1))) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            Map<String, String> environment = DmigProcess.credentials();
            // Paced, so that the tables are being copied when the interrupt comes: at 5 items/s a table, the largest
            // (QuoteItems, which the test looks at) takes about 18 s.
            DmigProcess.writePacedPlan(app, home, 5);

            DmigProcess migrate = DmigProcess.start(home, environment, "migrate", "--plan", "plan.json", "--confirm",
                    "--no-backup", "--run", RUN, "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString());
            // Every target table empty: the run writes its tables together; it is stopped once the target holds items.
            migrate.awaitErrLine(line -> line.strip().startsWith("ok   Analyze "));
            awaitTargetItems(app);
            // On a machine busy enough that the test saw the copy only after it ended, there is no copy left to stop.
            assumeThat(migrate.alive()).as("the run ended before the test saw it copying:\n%s", migrate.out()).isTrue();
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
            DmigProcess resumed = DmigProcess.shell(home, environment, resume);
            assertThat(resumed.waitFor()).as(resumed.out() + "\n" + resumed.errText()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run " + RUN + " (full): ");
            assertThat(resumed.errText()).contains("run " + RUN + " on DynamoDB at " + SharedStack.stack().dynamoDbEndpoint());
            // The run's artifacts are in the process's own store under .dmig: read them there, the process having ended.
            try (EmbeddedStack own = EmbeddedStack.start(home.resolve(Where.DEFAULT_DATA_DIR), LocalEnvironment.EMBEDDED_BUCKET);
                 S3Client s3 = AwsClients.s3(new AwsClients.Connection(own.s3Endpoint(), own.region(), own.credentials(), 4))) {
                app.assertExactBySpec(new S3ArtifactStore(s3, own.bucket()), RUN);
            }
            assertThat(app.digests(app.devSuffix)).as("the source, untouched").isEqualTo(sourceBefore);
        }
    }

    /**
     * Waits until the run has written into the target's largest table, the one it copies longest (a look at that table
     * alone: looking at every table takes longer, on a busy machine, than the paced copy); fails after the process's own
     * wait, as its line waits do.
     */
    private static void awaitTargetItems(SampleApp app) throws InterruptedException {
        for (int polls = 0; polls < 600; polls++) {
            if (!app.scan(app.target("QuoteItems")).isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run wrote nothing into the target in 2 minutes");
    }
}
