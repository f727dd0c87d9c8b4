package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.RollbackCommandLine;
import dev.dmig.cli.runs.RunIds;
import dev.dmig.cli.runs.Session;
import dev.dmig.json.Json;
import dev.dmig.report.Numbers;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", sortOptions = false,
        header = "Sets up a sample app's dev and prod tables and runs a dry run, a test and a full migration.",
        description = {"Sets up a sample Amplify-style app (RealTechee's schema: contacts, properties, requests, projects, "
                        + "quotes and 27 more tables) as dev tables with data and empty prod tables, then runs what a team "
                        + "would: a dry run, a one-record test with its parents, and the full migration through the real state "
                        + "machine. Its users' identities are mapped from the dev user pool's to the prod one's by the identity "
                        + "map shipped with it, soft-deleted DataStore rows stay behind, and the files its records name (avatars, "
                        + "project covers) are copied from its dev Storage bucket to its prod one, renamed with them. Replaces "
                        + "earlier demo tables and buckets; touches no other table or bucket."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    RunLauncher launcher;

    @Option(names = "--scale", paramLabel = "X", defaultValue = "1",
            description = "Multiply the sample's table sizes (default: ${DEFAULT-VALUE}, about 4,100 items).")
    double scale;

    @Override
    public Integer call() {
        if (launcher.where.onAws()) {
            throw new IllegalArgumentException("dmig demo runs on the embedded stack only; on AWS, run dmig analyze, test and "
                    + "migrate with --aws");
        }
        try (Session session = Session.open(launcher.where)) {
            launcher.err().println("Setting up the sample app: dev tables Model" + SamplePlan.DEV_SUFFIX + " with data, prod tables Model"
                    + SamplePlan.PROD_SUFFIX + " empty ...");
            launcher.err().flush();
            SampleData data = SampleData.scaled(scale);
            SampleEnvironment.Created created = new SampleEnvironment(session.environment().dynamoDb())
                    .create(data, SamplePlan.DEV_SUFFIX, SamplePlan.PROD_SUFFIX, true);
            int files = SampleStorage.create(data, session.environment().dynamoDb(), session.environment().s3(), SamplePlan.DEV_SUFFIX);
            launcher.out().println("Sample app ready: " + Numbers.count(created.totalItems()) + " items in " + created.devTables().size()
                    + " dev tables; " + created.prodTables().size() + " empty prod tables; " + files + " files in Storage bucket "
                    + SampleStorage.DEV_BUCKET + ", none in " + SampleStorage.PROD_BUCKET + ".");
            String planJson = SampleStorage.plan(SamplePlan.json());
            // Each run freezes the identity map the plan names, as dmig analyze, test and migrate upload it.
            launcher.identities = SampleStorage.identities(data);
            Path planFile = savePlan(planJson, launcher.identities);
            JsonNode plan = Json.tree(planJson.getBytes(StandardCharsets.UTF_8));

            launcher.out().println();
            launcher.out().println("1/3  Dry run (dmig analyze --plan " + planFile + ")");
            String analyzeRun = RunIds.next() + "-analyze";
            ObjectNode analyze = RunLauncher.input("dry-run", analyzeRun);
            analyze.set("config", plan);
            int code = launcher.runAndReport(session, "dry-run", analyzeRun, analyzeRun, analyze);
            if (code != ExitCode.OK) {
                return code;
            }

            launcher.out().println();
            launcher.out().println("2/3  One request with its contacts and property (dmig test --table Requests --limit 1 --with-parents)");
            String testRun = RunIds.next() + "-test";
            ObjectNode test = RunLauncher.input("test", testRun);
            test.set("config", plan);
            test.put("table", "Requests");
            test.put("limit", 1);
            test.put("withParents", true);
            code = launcher.runAndReport(session, "test", testRun, testRun, test);
            if (code != ExitCode.OK) {
                return code;
            }

            launcher.out().println();
            launcher.out().println("3/3  Full migration (dmig migrate --plan " + planFile + " --confirm)");
            String fullRun = RunIds.next() + "-full";
            ObjectNode full = RunLauncher.input("full", fullRun);
            full.set("config", plan);
            full.put("confirm", true);
            // The sample tables are throwaway: no backup check, wherever they are.
            full.put("backup", false);
            return launcher.runAndReport(session, "full", fullRun, fullRun, full, List.of(next(fullRun)));
        }
    }

    /** The commands that go on from the demo, as they work after it: nothing of a demo in memory is left to them. */
    private String next(String fullRun) {
        if (launcher.where.inMemory) {
            return "Next: nothing of these runs is kept in memory; dmig demo without --in-memory keeps them in "
                    + launcher.where.dataDir() + " for dmig status, report, validate and rollback";
        }
        String options = launcher.where.followUpOptions().isEmpty() ? "" : " " + String.join(" ", launcher.where.followUpOptions());
        List<String> listing = launcher.where.artifactOptions();
        return "Next: dmig status" + (listing.isEmpty() ? "" : " " + String.join(" ", listing)) + "  ·  dmig report --run " + fullRun + options + " --html report.html  ·  dmig validate "
                + "--run " + fullRun + options + "  ·  " + RollbackCommandLine.of(fullRun, "", options, true);
    }

    /**
     * Leaves the sample plan, and the identity map beside it that it names, launcher.where the user can read them and use them
     * with the other commands: in the data directory, or, in memory, in a temporary directory of this run's own (a fixed
     * name there was another user's, or an earlier run's, to overwrite).
     */
    private Path savePlan(String planJson, byte[] identities) {
        Path dir = launcher.where.dataDir();
        try {
            if (launcher.where.inMemory) {
                dir = Files.createTempDirectory("dmig-sample-");
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sample-plan.json"), planJson, StandardCharsets.UTF_8);
            Files.write(dir.resolve(SamplePlan.IDENTITIES_FILE), identities);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the sample plan to " + dir + ": " + e.getMessage()
                    + " (choose a writable --data-dir)");
        }
        return dir.resolve("sample-plan.json");
    }
}
