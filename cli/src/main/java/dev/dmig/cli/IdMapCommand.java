package dev.dmig.cli;

import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.Where;
import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.journal.IdMapExport;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.report.Numbers;
import dev.dmig.run.RunFiles;
import dev.dmig.store.ArtifactStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "idmap", sortOptions = false,
        header = "Prints a run's old ID → new ID pairs of one table as CSV, or its identity map.",
        description = {"Old ID → new ID of one table of a run, as CSV (old_id,new_id), for references held outside DynamoDB "
                        + "(S3 keys, Cognito attributes, analytics). Read from the run's journal, so it is complete for every "
                        + "record the run wrote or will write, even while the run is going on. With --identities, the identity "
                        + "map the run was started with (source_sub,target_sub[,source_username,target_username]; a username "
                        + "that is an email or phone number masked)."})
final class IdMapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run.")
    String runId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    /** One table's IDs, or the run's identity map. */
    static final class What {
        @Option(names = "--table", required = true, paramLabel = "MODEL", description = "The model, e.g. Contacts.")
        String table;

        @Option(names = "--identities", required = true, description = "The run's identity map: dev user → prod user, as the run "
                + "mapped them.")
        boolean identities;
    }

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV to FILE instead of standard output.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return FollowUp.onArtifacts(where, runId, artifacts -> write(err, artifacts));
    }

    private int write(PrintWriter err, ArtifactStore artifacts) {
        if (!RunArtifacts.in(artifacts).exists(runId)) {
            err.println("error: run " + runId + " not found in " + artifacts.location() + " (dmig status --aws lists the executions)");
            return ExitCode.INVALID;
        }
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        if (what.identities) {
            return identities(artifacts, plan, err);
        }
        String table = what.table;
        if (!plan.tables().containsKey(table)) {
            Format.wrap("error: table " + table + " is not in run " + runId + "'s plan (its models: "
                    + String.join(", ", plan.tables().keySet()) + ")", "  ").forEach(err::println);
            return ExitCode.INVALID;
        }
        IdMapExport.Written written;
        try (Writer out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Writer target = out != null ? out : spec.commandLine().getOut();
            written = new IdMapExport(artifacts).write(runId, table, plan.table(table).idAttribute(), target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.println(Numbers.count(written.listed()) + " IDs of " + table + " in run " + runId + (file == null ? "" : " written to " + file)
                + (written.deleted() == 0 ? "" : "; " + Numbers.count(written.deleted()) + (written.deleted() == 1 ? " other" : " others")
                + " the run's journal names, deleted by following (the source deleted them), not listed"));
        return ExitCode.OK;
    }

    private int identities(ArtifactStore artifacts, MigrationPlan plan, PrintWriter err) {
        if (plan.identities() == null) {
            err.println("error: run " + runId + "'s plan maps no identity (it has no \"identities\")");
            return ExitCode.INVALID;
        }
        IdentityMap map = IdentityMaps.of(artifacts, RunFiles.manifest(artifacts, runId), plan);
        try (Writer out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Writer target = out != null ? out : spec.commandLine().getOut();
            target.write(IdentityCsv.write(map));
            target.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.println(map.size() + " users in the identity map of run " + runId + (file == null ? "" : " written to " + file));
        return ExitCode.OK;
    }

}
