package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.RunIds;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.Session;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.report.Numbers;
import dev.dmig.store.Account;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", sortOptions = false,
        header = "Full run: analysis, migration level by level, validation; rolls itself back on any failure.",
        description = {"Full run: analysis, then every level's tables in parallel (parents before children), segment by "
                        + "segment with a write-ahead journal and checkpoints, then validation. Any failure, or a failed "
                        + "validation, rolls the run back from its journal. Refuses without --confirm; refuses when target "
                        + "items already sit at the mapped keys and the plan says onConflict: abort."})
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    RunLauncher launcher;

    @Mixin
    PlanOptions options;

    @Mixin
    SliceOptions slice;

    @Option(names = "--confirm", description = "Yes, write to the target tables.")
    boolean confirm;

    @Mixin
    RefreshOption refresh = new RefreshOption();

    @Mixin
    TablesOption only = new TablesOption();

    @Option(names = "--yes", description = {"Skip the typed confirmation a terminal asks for (the target environment's "
            + "name); --confirm is still needed. Scripts without a terminal only need --confirm."})
    boolean yes;

    @Option(names = "--no-backup", description = {"Write without a way back: skip the check that every target table has "
            + "point-in-time recovery (or a fresh backup). The embedded DynamoDB Local has no backups, so it is skipped there."})
    boolean noBackup;

    @Option(names = "--follow", description = {"After the copy, follow the source's writes (each source table's DynamoDB "
            + "stream, NEW_AND_OLD_IMAGES) until dmig cutover --run ID; then the last changes are applied, the target is "
            + "checked against the source as it is then, and the run ends."})
    boolean follow;

    @Option(names = "--enable-streams", description = {"With --follow: turn on the stream (NEW_AND_OLD_IMAGES) of each "
            + "source table that has none, before the run; the only change dmig ever makes to a source table."})
    boolean enableStreams;

    @Override
    public Integer call() {
        String runId = options.runId();
        ObjectNode input = launcher.input("full", runId, options, slice);
        if (confirm) {
            input.put("confirm", true);
        }
        if (noBackup) {
            input.put("backup", false);
        }
        only.addTo(input);
        if (follow) {
            input.put("follow", true);
        }
        if (enableStreams && (!follow || launcher.where.onAws())) {
            launcher.err().println("error: --enable-streams " + (follow ? "turns streams on from this machine, for a run on it; on AWS "
                    + "turn them on with the command dmig migrate --follow --aws prints" : "goes with --follow"));
            return ExitCode.INVALID;
        }
        boolean ask = confirm && !yes && launcher.terminal.interactive();
        if (refresh.refresh) {
            return refreshed(input, runId, ask);
        }
        return run(input, runId, ask);
    }

    /**
     * With {@code --refresh}: the earlier runs into the target undone first ({@link RefreshOption#undo}), after the typed
     * confirmation when {@code ask}, then the run; a line on stderr says what the target holds when the run then fails.
     */
    private int refreshed(ObjectNode input, String runId, boolean ask) {
        if (!confirm) {
            launcher.err().println("error: --refresh undoes the earlier runs into the plan's target before the run: give "
                    + "--confirm too (nothing was written)");
            return ExitCode.REFUSED;
        }
        if (ask && !typedConfirmation(null, input)) {
            return notTyped(runId);
        }
        if (launcher.where.onAws()) {
            return undoThenRun(input, runId);
        }
        // One session for the rollbacks and the run: the embedded stack starts once.
        try (Session session = launcher.open(input)) {
            Session.Hold held = session.hold();
            try {
                return undoThenRun(input, runId);
            } finally {
                held.close();
            }
        }
    }

    /**
     * The new run's checks of the source's data first ({@link RefreshOption#check}: a refusal undoes nothing), then the
     * earlier runs undone, then the run; when the run then fails, a line on stderr says what the target holds.
     */
    private int undoThenRun(ObjectNode input, String runId) {
        ObjectNode dryRun = launcher.input("dry-run", RunIds.next() + "-check", options, slice);
        only.addTo(dryRun);
        int checked = refresh.check(launcher, dryRun);
        if (checked != ExitCode.OK) {
            return checked;
        }
        int undone = refresh.undo(launcher, input, runId);
        if (undone != ExitCode.OK) {
            return undone;
        }
        int code = run(input, runId, false);
        if (code != ExitCode.OK) {
            launcher.err().println(RefreshOption.afterFailure(PlanParser.parse(Json.bytes(input.get("config"))).targetSuffix()));
        }
        return code;
    }

    /** Starts the run where the options say, asking for the target environment's name first when {@code ask}. */
    private int run(ObjectNode input, String runId, boolean ask) {
        if (launcher.where.onAws()) {
            return ask && !typedConfirmation(null, input) ? notTyped(runId) : launcher.start("full", runId, runId, input);
        }
        try (Session session = launcher.open(input)) {
            if (enableStreams) {
                MigrationPlan plan = PlanParser.parse(Json.bytes(input.get("config")));
                SourceStreams.enable(session.services().items(), runId == null ? plan : plan.forRun(runId), launcher.out());
            }
            return ask && !typedConfirmation(session, input) ? notTyped(runId) : launcher.runAndReport(session, "full", runId, runId, input);
        }
    }

    private int notTyped(String runId) {
        launcher.out().println();
        launcher.out().println("REFUSED  run " + runId + " (full): the target environment's name was not typed (nothing was written)");
        return ExitCode.REFUSED;
    }

    /**
     * The users' double confirmation: what is about to be written launcher.where, then the target
     * environment's name typed back. {@code session} is null on AWS, launcher.where only the plan is at hand.
     */
    private boolean typedConfirmation(Session session, ObjectNode input) {
        MigrationPlan plan = PlanParser.parse(Json.bytes(input.get("config")));
        List<String> models = only.tables == null ? plan.migratedModels() : only.tables;
        String environment = RunOrigin.environment(plan.targetSuffix());
        if (session == null) {
            launcher.out().println("About to migrate " + models.size() + " tables" + (launcher.where.onAws()
                    ? " with the deployed state machine" : "") + (refresh.refresh ? ", undoing the earlier runs there first" : ""));
        } else {
            long items = 0;
            // Read as the run will read it: a role is assumed under the run's session name.
            MigrationPlan asRun = input.hasNonNull("runId") ? plan.forRun(input.get("runId").asText()) : plan;
            ItemStore store = session.services().items().across(asRun.sides());
            for (String model : models) {
                items += store.describe(plan.sourceTable(model)).map(TableInfo::approximateItemCount).orElse(0L);
            }
            launcher.out().println("About to migrate " + models.size() + " tables (about " + Numbers.count(items) + " items, DynamoDB's estimate)");
        }
        launcher.out().println("  from  *" + plan.sourceSuffix() + account(plan.sourceAccount()));
        launcher.out().println("  into  *" + plan.targetSuffix() + account(plan.targetAccount())
                + "   <- writes here (onConflict: " + plan.onConflict().planName() + String.join("", models.stream()
                .filter(model -> plan.onConflictOf(model) != plan.onConflict())
                .map(model -> "; " + model + " " + plan.onConflictOf(model).planName()).toList()) + ")");
        launcher.out().flush();
        String answer = launcher.terminal.readLine("Type the target environment name (" + environment + ") to continue: ");
        return answer != null && answer.trim().equals(environment);
    }

    private static String account(Account account) {
        return account.own() ? "" : " (" + account.describe() + ")";
    }
}
