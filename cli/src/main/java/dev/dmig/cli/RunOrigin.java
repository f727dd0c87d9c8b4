package dev.dmig.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dmig.json.Json;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunLayout;
import dev.dmig.store.Account;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.Sides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a run runs and how it was started, recorded when it starts so that every later command on it (resume,
 * rollback, validate, report, idmap, status --run, stop) goes to the same stores: the endpoints, bucket, region and
 * data directory, whether it runs on AWS, where its tables are in words ({@code tables}), the backup and
 * confirmation choices, and the process that runs it. Never credentials.
 *
 * <p>Kept twice: with the run ({@code runs/<id>/origin.json}, which {@code dmig status} reads to say where each run
 * ran) and in the data directory ({@code <data dir>/runs/<id>.json}), because a run's artifacts may be on an S3
 * endpoint that a later command is not told about: that command finds the record in the data directory first.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RunOrigin(String runId, String mode, String startedAt, boolean aws, String stateMachineArn, URI stepFunctionsEndpoint,
                 URI dynamoDbEndpoint, URI s3Endpoint, String bucket, String region, URI stsEndpoint, boolean inMemory,
                 String dataDir, String tables, boolean noBackup, boolean confirmed, Long pid, String processStart) {

    /** The data directory's record of run {@code runId}. */
    static Path localFile(Path dataDir, String runId) {
        return dataDir.resolve("runs").resolve(RunLayout.checkRunId(runId) + ".json");
    }

    /** The record in the data directory, if this directory has one for the run. */
    static Optional<RunOrigin> local(Path dataDir, String runId) {
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

    /** The record kept with the run's artifacts. */
    static Optional<RunOrigin> stored(ArtifactStore artifacts, String runId) {
        return artifacts.getJson(RunLayout.origin(runId), RunOrigin.class);
    }

    /** Writes both records; one that cannot be written in the data directory is said on {@code warnings}, the run goes on. */
    void save(ArtifactStore artifacts, Path localDataDir, java.io.PrintWriter warnings) {
        artifacts.putJson(RunLayout.origin(runId), this);
        saveLocally(localDataDir, warnings);
    }

    /** Writes the data directory's record (whole or not at all). */
    void saveLocally(Path localDataDir, java.io.PrintWriter warnings) {
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
    RunOrigin inThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new RunOrigin(runId, mode, startedAt, aws, stateMachineArn, stepFunctionsEndpoint, dynamoDbEndpoint, s3Endpoint,
                bucket, region, stsEndpoint, inMemory, dataDir, tables, noBackup, confirmed, self.pid(),
                self.info().startInstant().map(Instant::toString).orElse(null));
    }

    /** The process recorded as running the run, if it still runs (the same process: same ID, same start). */
    Optional<ProcessHandle> runningProcess() {
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> processStart != null && process.info().startInstant().map(Instant::toString)
                        .map(processStart::equals).orElse(false));
    }

    /** A short "where" for a table of runs: the tables' place, without the artifacts'. */
    String place() {
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
    static String tables(LocalEnvironment environment, MigrationPlan plan) {
        return tables(environment.tables(), plan.sides());
    }

    static String tables(String own, Sides sides) {
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
}
