package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dmig.json.Json;
import dev.dmig.store.ArtifactStore;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps a rollback from racing the run's own writers. On Step Functions a failed Map state moves on
 * to its Catch at once while sibling iterations' Lambda invocations still run, so a rollback can
 * start while segment tasks are writing. Each writing invocation therefore holds a lease (an object
 * naming when the invocation ends at the latest) and looks at the run's fence before each page it
 * writes; a rollback raises the fence first and undoes nothing until no lease is live. Both sides
 * write first and read second, and S3 reads and lists see every earlier write, so either the
 * writer sees the fence or the rollback sees the lease.
 */
public final class WriterFence {
    /**
     * How long after its invocation ended a lease still counts: a request sent just before a Lambda
     * was stopped may still be applied by DynamoDB a little later.
     */
    public static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(30);

    /** The fence's content. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fence(String raisedAt, String by) {}

    /**
     * A lease's content: which invocation of which segment writes, and until when at the latest;
     * {@code process}, for a writer in a local dmig process, names that process
     * ({@code pid@host@start}), so that a rollback on the same machine need not wait out the lease of
     * a process that was killed.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Writer(String table, int segment, String invocation, String startedAt, String expiresAt, String process) {
        boolean liveAt(Instant now) {
            if (!Instant.parse(expiresAt).isAfter(now)) {
                return false;
            }
            if (!processGone()) {
                return true;
            }
            // Killed: what it had sent when it died may still land (a journal entry, a write), so its lease holds
            // for a few seconds from when this process first saw it gone, not until it expires.
            Instant seen = GONE_SEEN.computeIfAbsent(invocation, key -> now);
            return now.isBefore(seen.plus(GONE_GRACE));
        }

        /** True only when the lease names a process of this machine that is no longer running. */
        private boolean processGone() {
            if (process == null || !process.equals(processOf(pid(), THIS_HOST, start()))) {
                return false;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid());
            return handle.isEmpty() || !handle.get().isAlive()
                    || !handle.get().info().startInstant().map(Instant::toString).orElse("").equals(start());
        }

        private long pid() {
            return Long.parseLong(process.substring(0, process.indexOf('@')));
        }

        private String start() {
            return process.substring(process.lastIndexOf('@') + 1);
        }
    }

    /**
     * How long the lease of a local process found gone still counts, from when this process first saw it gone: long
     * enough for the requests it had sent to land in the stores before anything is written beside them.
     */
    static final Duration GONE_GRACE = Duration.ofSeconds(5);

    /** By invocation: when this process first saw the lease's process gone. */
    private static final java.util.Map<String, Instant> GONE_SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    /** This machine's name, as local leases record it. */
    private static final String THIS_HOST = hostName();
    /** This process, as its local leases name it; null when it cannot be told apart from others (no start time). */
    private static final String THIS_PROCESS = ProcessHandle.current().info().startInstant()
            .map(start -> processOf(ProcessHandle.current().pid(), THIS_HOST, start.toString())).orElse(null);

    /** A lease held by this invocation; {@link #leave} gives it back. */
    public record Lease(String runId, String key, Writer writer) {}

    private final ArtifactStore artifacts;
    private final String process;

    /**
     * For writers in a local dmig process: leases name the process. A Lambda function must use
     * {@link #forLambda}: its sandboxes may share a host name and process IDs.
     */
    public WriterFence(ArtifactStore artifacts) {
        this(artifacts, THIS_PROCESS);
    }

    private WriterFence(ArtifactStore artifacts, String process) {
        this.artifacts = artifacts;
        this.process = process;
    }

    /** Leases that name no process: they end only when they expire. */
    public static WriterFence forLambda(ArtifactStore artifacts) {
        return new WriterFence(artifacts, null);
    }

    /** Raises the run's fence (once: a fence already up keeps its first time). */
    public void raise(String runId, String by) {
        artifacts.putIfAbsent(RunLayout.fence(runId), Json.bytes(new Fence(Instant.now().toString(), by)), "application/json");
    }

    public boolean raised(String runId) {
        return artifacts.get(RunLayout.fence(runId)).isPresent();
    }

    /** Takes a lease for one invocation writing one segment, valid until the invocation ends plus the grace. */
    public Lease enter(String runId, String table, int segment, Instant invocationEnd) {
        Writer writer = new Writer(table, segment, UUID.randomUUID().toString(), Instant.now().toString(),
                invocationEnd.plus(IN_FLIGHT_GRACE).toString(), process);
        String key = RunLayout.writer(runId, table, segment, writer.invocation());
        artifacts.putJson(key, writer);
        return new Lease(runId, key, writer);
    }

    /** Throws {@link RunFencedException} when the run's fence is up; call before each page is written. */
    public void checkOpen(Lease lease) {
        if (raised(lease.runId())) {
            throw new RunFencedException("run " + lease.runId() + " is being rolled back: segment " + lease.writer().segment()
                    + " of table " + lease.writer().table() + " stopped before writing more");
        }
    }

    /** Gives the lease back: this invocation will write nothing more. */
    public void leave(Lease lease) {
        artifacts.delete(lease.key());
    }

    private static String processOf(long pid, String host, String start) {
        return pid + "@" + host + "@" + start;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * The other leases on this lease's segment that may still be writing at {@code now}: an invocation of
     * a stopped execution that a resumed one must not write beside.
     */
    public List<Writer> othersOnSegment(Lease lease, Instant now) {
        List<Writer> others = new ArrayList<>();
        String prefix = RunLayout.writers(lease.runId()) + lease.writer().table() + "/" + lease.writer().segment() + "/";
        for (String key : artifacts.list(prefix)) {
            if (!key.equals(lease.key())) {
                lease(key).filter(w -> w.liveAt(now)).ifPresent(others::add);
            }
        }
        return others;
    }

    /** The leases of the run that may still be writing at {@code now}. */
    public List<Writer> liveWriters(String runId, Instant now) {
        List<Writer> live = new ArrayList<>();
        for (String key : artifacts.list(RunLayout.writers(runId))) {
            lease(key).filter(w -> w.liveAt(now)).ifPresent(live::add);
        }
        return live;
    }

    /**
     * A lease as stored; none when it cannot be read. S3 stores an object whole or not at all, but a store on a local
     * disk can keep what a process sent before it died mid-request (an empty or cut lease): its writer is gone, so
     * it holds nothing, and it must not keep the run from being resumed or rolled back.
     */
    private Optional<Writer> lease(String key) {
        try {
            return artifacts.getJson(key, Writer.class);
        } catch (UncheckedIOException unreadable) {
            return Optional.empty();
        }
    }
}
