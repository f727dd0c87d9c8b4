package dev.dmig.cli.runs;

import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.aws.AwsEnvironment;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.StoreRefusedException;
import dev.dmig.store.StoreUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a command on an earlier run (resume, rollback, validate, report, idmap, status --run, stop) reaches it: where
 * the run's record says it runs ({@link RunOrigin}), with the options given checked against it. A run whose stores
 * cannot be reached — not running, not holding the run, or without its tables — is refused in one line before
 * anything starts: no recovery or rollback is ever attempted against stores that are not the run's.
 */
public final class FollowUp {
    /** What the command needs to reach besides the run's artifacts. */
    public enum Needs {
        ARTIFACTS, TARGET_TABLES, BOTH_SIDES
    }

    /** The session on the run's stores, and the run's record if it has one. */
    public record Opened(Session session, Optional<RunOrigin> origin, RunManifest manifest) implements AutoCloseable {
        @Override
        public void close() {
            session.close();
        }
    }

    private FollowUp() {}

    /** Takes the data directory's record of the run into {@code where}; returns it, if there is one. */
    public static Optional<RunOrigin> follow(Where where, String runId) {
        Optional<RunOrigin> local = RunOrigin.local(where.dataDir(), runId);
        local.ifPresent(origin -> where.follow(origin, "recorded in " + RunOrigin.localFile(where.dataDir(), runId)));
        return local;
    }

    /**
     * Runs {@code action} on the artifacts of an earlier run, where the run's record says they are: the stack's bucket
     * for a run on AWS, else the stores {@link #open} reaches; returns what it returns.
     */
    public static int onArtifacts(Where where, String runId, ToIntFunction<ArtifactStore> action) {
        Optional<RunOrigin> local = follow(where, runId);
        if (where.onAws()) {
            try (AwsEnvironment aws = AwsEnvironment.open(where.awsTarget(), Where.pollInterval())) {
                return action.applyAsInt(aws.artifacts());
            }
        }
        try (Opened opened = open(where, local, runId, Needs.ARTIFACTS)) {
            return action.applyAsInt(opened.session().services().artifacts());
        }
    }

    /**
     * Opens the run's stores as {@code where} says after {@link #follow} gave it {@code local}; without a record in the
     * data directory, the one kept with the run's artifacts corrects it (the tables may be elsewhere than the options
     * say). Then checks that what the command {@code needs} is there.
     */
    public static Opened open(Where where, Optional<RunOrigin> local, String runId, Needs needs) {
        Session session = connect(where, runId);
        try {
            RunManifest manifest = manifest(session, runId, local.isPresent());
            Optional<RunOrigin> origin = local;
            if (local.isEmpty()) {
                ArtifactStore artifacts = session.services().artifacts();
                origin = readable(session, () -> RunOrigin.stored(artifacts, runId));
                if (origin.isPresent()) {
                    var before = where.target();
                    where.follow(origin.get(), "recorded with the run in " + artifacts.location());
                    if (!where.target().equals(before)) {
                        session.close();
                        session = connect(where, runId);
                    }
                }
            }
            if (needs != Needs.ARTIFACTS) {
                checkTables(session, origin, manifest, runId, needs == Needs.BOTH_SIDES);
            }
            return new Opened(session, origin, manifest);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    private static Session connect(Where where, String runId) {
        try {
            return Session.open(where);
        } catch (SdkException e) {
            throw new RunOutOfReachException("run " + runId + "'s artifacts (S3 at " + where.target().s3Endpoint()
                    + ") cannot be reached (" + why(e) + "): start that server again, then this command; nothing was changed");
        }
    }

    private static RunManifest manifest(Session session, String runId, boolean recorded) {
        ArtifactStore artifacts = session.services().artifacts();
        Optional<RunManifest> manifest = readable(session, () -> RunArtifacts.in(artifacts).manifest(runId));
        return manifest.orElseThrow(() -> new RunOutOfReachException("run " + runId + " not found in "
                + session.environment().artifacts() + " (dmig status lists the runs there" + (recorded ? ")"
                : "; a run started with --s3-endpoint or another --data-dir needs that option here too)")));
    }

    private static <T> T readable(Session session, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (SdkException | StoreRefusedException | StoreUnavailableException e) {
            throw new RunOutOfReachException("the run's artifacts in " + session.environment().artifacts() + " cannot be read ("
                    + why(e) + "); nothing was changed");
        }
    }

    /** Every table of the run the command works on must be where the run's record (or the options) say. */
    private static void checkTables(Session session, Optional<RunOrigin> origin, RunManifest manifest, String runId,
                                    boolean bothSides) {
        ArtifactStore artifacts = session.services().artifacts();
        MigrationPlan plan = readable(session, () -> RunFiles.plan(artifacts, runId));
        String place = origin.map(RunOrigin::tables).orElseGet(() -> RunOrigin.tables(session.environment(), plan));
        List<String> models = manifest.tables() != null ? manifest.tables() : plan.migratedModels();
        ItemStore store = session.services().items().across(plan.sides());
        for (String model : models) {
            List<String> tables = bothSides ? List.of(plan.sourceTable(model), plan.targetTable(model)) : List.of(plan.targetTable(model));
            for (String table : tables) {
                boolean there;
                try {
                    there = store.describe(table).isPresent();
                } catch (SdkException | StoreRefusedException | StoreUnavailableException e) {
                    throw new RunOutOfReachException("run " + runId + "'s tables (" + place + ") cannot be reached ("
                            + why(e) + "): start that server again, then this command; nothing was changed");
                }
                if (!there) {
                    throw new RunOutOfReachException("run " + runId + "'s table " + table + " is not in " + place
                            + ": these are not the run's tables, or the table was deleted; nothing was changed");
                }
            }
        }
    }

    /** Why a store did not answer, in a few words. */
    static String why(Exception e) {
        if (e instanceof StoreRefusedException refusal) {
            // Written for the user already, as the cause and the fix for a run starting: the cause is what applies here.
            String message = String.valueOf(refusal.getMessage());
            int fix = message.indexOf(": ");
            return fix < 0 ? message : message.substring(0, fix);
        }
        String refused = RunOutOfReachException.refusedAt(e);
        if (refused != null) {
            return "nothing listens at " + refused;
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Unable to load credentials")) {
            // The SDK lists every provider it tried, over several hundred characters.
            return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
