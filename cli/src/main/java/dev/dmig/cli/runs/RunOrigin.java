package dev.dmig.cli.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.aws.AwsEnvironment;
import dev.dmig.json.Json;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.store.Account;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.Sides;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a run runs and how it was started, recorded when it starts so that every later command on it (resume,
 * rollback, validate, report, idmap, status --run, stop) goes to the same stores: the endpoints, bucket, region and
 * data directory, the Cognito endpoint its user pools were read from, whether it runs on AWS, where its tables are
 * in words ({@code tables}), the backup and confirmation choices, and the process that runs it. Never credentials.
 *
 * <p>Kept twice: with the run ({@code runs/<id>/origin.json}, which {@code dmig status} reads to say where each run
 * ran) and in the data directory ({@code <data dir>/runs/<id>.json}), because a run's artifacts may be on an S3
 * endpoint that a later command is not told about: that command finds the record in the data directory first.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunOrigin(String runId, String mode, String startedAt, boolean aws, String stateMachineArn, URI stepFunctionsEndpoint,
                 URI dynamoDbEndpoint, URI s3Endpoint, String bucket, String region, URI stsEndpoint, boolean inMemory,
                 String dataDir, String tables, boolean noBackup, boolean confirmed, Long pid, String processStart,
                 URI cognitoEndpoint) {

    /** The data directory's record of run {@code runId}. */
    public static Path localFile(Path dataDir, String runId) {
        return dataDir.resolve("runs").resolve(RunLayout.checkRunId(runId) + ".json");
    }

    /** The record in the data directory, if this directory has one for the run. */
    public static Optional<RunOrigin> local(Path dataDir, String runId) {
        Path file = localFile(dataDir, runId);
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(file), RunOrigin.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // Parsers' own text says where in the file, not what to do: the file and the way out are what matter.
            throw new IllegalArgumentException(file + ", the record of where run " + runId + " runs, is unreadable: delete it "
                    + "and give the options the run was started with (--dynamodb-endpoint, --s3-endpoint ...)");
        }
    }

    /**
     * Every run the data directory records, oldest first: what {@code dmig status} lists, wherever each run's artifacts
     * are. A record that cannot be read is said on {@code warnings}, one line each, and left out.
     */
    public static List<RunOrigin> recorded(Path dataDir, PrintWriter warnings) {
        Path folder = dataDir.resolve("runs");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<RunOrigin> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String runId = file.getFileName().toString().replaceFirst("\\.json$", "");
                try {
                    local(dataDir, runId).filter(record -> runId.equals(record.runId())).ifPresent(records::add);
                } catch (IllegalArgumentException unreadable) {
                    warnings.println("(" + unreadable.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            warnings.println("(the runs recorded in " + folder + " cannot be listed: " + e.getMessage() + ")");
        }
        records.sort(Comparator.comparing(record -> String.valueOf(record.startedAt())));
        return records;
    }

    /** The record kept with the run's artifacts. */
    public static Optional<RunOrigin> stored(ArtifactStore artifacts, String runId) {
        return RunArtifacts.in(artifacts).origin(runId, RunOrigin.class);
    }

    /**
     * How a new run starts where {@code where} says, from the input its command built; {@code tables} says where its
     * tables are. The process is this one.
     */
    public static RunOrigin started(Where where, String mode, String runId, ObjectNode input, String tables) {
        LocalEnvironment.Target target = where.target();
        boolean embedded = target.dynamoDbEndpoint() == null || target.s3Endpoint() == null;
        String dataDir = embedded && !where.inMemory ? where.dataDir().toAbsolutePath().normalize().toString() : null;
        boolean noBackup = input.has("backup") && !input.get("backup").asBoolean();
        return new RunOrigin(runId, mode, Instant.now().toString(), false, null, null, target.dynamoDbEndpoint(),
                target.s3Endpoint(), target.s3Endpoint() == null ? null : target.bucket(), where.localRegion(),
                target.stsEndpoint(), embedded && where.inMemory, dataDir, tables, noBackup, input.path("confirm").asBoolean(false),
                null, null, target.cognitoEndpoint()).inThisProcess();
    }

    /** How a new run starts on AWS: its record stays on this machine, so that later commands need not say --aws again. */
    public static RunOrigin startedOnAws(AwsEnvironment.Target target, String bucket, String mode, String runId, ObjectNode input) {
        boolean noBackup = input.has("backup") && !input.get("backup").asBoolean();
        return new RunOrigin(runId, mode, Instant.now().toString(), true, target.stateMachineArn(), target.stepFunctionsEndpoint(),
                null, target.s3Endpoint(), bucket, target.region(), null, false, null, "the deployed stack's tables", noBackup,
                input.path("confirm").asBoolean(false), null, null, null);
    }

    /** The data directory's record alone (a run on AWS), on the same terms as {@link #record}. */
    public void recordLocally(ArtifactStore artifacts, Path localDataDir, PrintWriter warnings) {
        if (RunIds.valid(runId) && !RunArtifacts.in(artifacts).exists(runId)) {
            saveLocally(localDataDir, warnings);
        }
    }

    /**
     * Writes both records of a new run, unless its ID is taken where it goes (its analysis refuses it then, and the run
     * there keeps its record) or is no ID at all (refused likewise). A record the data directory cannot take is said on
     * {@code warnings}; the run goes on.
     */
    public void record(ArtifactStore artifacts, Path localDataDir, PrintWriter warnings) {
        if (!RunIds.valid(runId) || RunArtifacts.in(artifacts).exists(runId)) {
            return;
        }
        artifacts.putJson(RunLayout.origin(runId), this);
        saveLocally(localDataDir, warnings);
    }

    /** The plan of a run: the one its input carries (a new run), else the one frozen with it; none for a run not there. */
    public static Optional<MigrationPlan> plan(ArtifactStore artifacts, ObjectNode input, String runId) {
        try {
            return Optional.of(input.has("config") ? PlanParser.parse(Json.bytes(input.get("config"))) : RunFiles.plan(artifacts, runId));
        } catch (RuntimeException noPlan) {
            // An invalid plan or a run that is not there: its execution says so, in its own words.
            return Optional.empty();
        }
    }

    /** Writes the data directory's record (whole or not at all). */
    public void saveLocally(Path localDataDir, PrintWriter warnings) {
        Path file = localFile(localDataDir, runId);
        try {
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), runId, ".tmp");
            Files.writeString(partial, Json.pretty(this));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            warnings.println("(where run " + runId + " runs was not recorded in " + file + ": " + e.getMessage()
                    + "; later commands on it need the options it was started with)");
        }
    }

    /** The same record, naming this process as the one that runs the run now. */
    public RunOrigin inThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new RunOrigin(runId, mode, startedAt, aws, stateMachineArn, stepFunctionsEndpoint, dynamoDbEndpoint, s3Endpoint,
                bucket, region, stsEndpoint, inMemory, dataDir, tables, noBackup, confirmed, self.pid(),
                self.info().startInstant().map(Instant::toString).orElse(null), cognitoEndpoint);
    }

    /** The process recorded as running the run, if it still runs (the same process: same ID, same start). */
    public Optional<ProcessHandle> runningProcess() {
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> processStart != null && process.info().startInstant().map(Instant::toString)
                        .map(processStart::equals).orElse(false));
    }

    /** A short "where" for a table of runs: the tables' place, without the artifacts'. */
    public String place() {
        if (aws) {
            return "AWS" + (region == null ? "" : " " + region);
        }
        if (tables == null) {
            return "?";
        }
        if (tables.startsWith(LocalEnvironment.EMBEDDED_TABLES)) {
            return inMemory ? "embedded, in memory" : "embedded";
        }
        String place = tables.replace("DynamoDB at ", "").replace("http://", "").replace("https://", "");
        return place.startsWith("source ") ? place.substring("source ".length()).replace(", target ", " -> ") : place;
    }

    /** Where a plan's tables are, in words: each side at its own endpoint or account, else where {@code environment} is. */
    public static String tables(LocalEnvironment environment, MigrationPlan plan) {
        return tables(environment.tables(), plan.sides());
    }

    public static String tables(LocalEnvironment environment, Optional<MigrationPlan> plan) {
        return plan.map(p -> tables(environment, p)).orElse(environment.tables());
    }

    public static String tables(String own, Sides sides) {
        String source = side(own, sides.source());
        String target = side(own, sides.target());
        return source.equals(target) ? source : "source " + source + ", target " + target;
    }

    private static String side(String own, Account account) {
        if (account.own()) {
            return own;
        }
        return account.endpoint() != null && account.roleArn() == null && account.region() == null
                ? "DynamoDB at " + account.endpoint() : account.describe();
    }

    /** The target environment's name a person types to confirm a write: the target suffix without its leading '-'. */
    public static String environment(String targetSuffix) {
        return targetSuffix.startsWith("-") ? targetSuffix.substring(1) : targetSuffix;
    }
}
