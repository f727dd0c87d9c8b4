package dev.dmig.run;

import dev.dmig.Tasks;
import dev.dmig.json.Json;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Runs a read-only pass (analysis, validation) over every (table, segment) of a run, several at
 * once, each unit keeping its partial result in the artifact store. A unit stops at the deadline;
 * the next call picks up every unfinished unit where it stopped.
 */
public final class SegmentUnits<P> {
    /** One table segment: the unit of resumable work. */
    public record Unit(String model, int segment, int totalSegments) {}

    private final ArtifactStore artifacts;
    private final ExecutorService pool;
    private final Class<P> partType;
    private final Function<Unit, String> keyOf;
    private final Predicate<P> done;

    /**
     * {@code keyOf}: where a unit's part is kept while the unit is unfinished; {@code done}: whether a part is
     * finished. A finished part is stored once, apart ({@link #finishedKey}).
     */
    public SegmentUnits(ArtifactStore artifacts, ExecutorService pool, Class<P> partType, Function<Unit, String> keyOf,
                        Predicate<P> done) {
        this.artifacts = artifacts;
        this.pool = pool;
        this.partType = partType;
        this.keyOf = keyOf;
        this.done = done;
    }

    /**
     * Where a finished unit's part is stored, written only if absent. On Step Functions one unit can run in two
     * invocations at once (a retried invoke whose first attempt still runs; a task of a stopped execution still running
     * when the run is resumed): the one that started earlier may write its unfinished copy after the other finished.
     * That copy goes to {@code keyOf}, where it can no longer hide the finished part, and a summary that would count an
     * unfinished part fails instead ({@link #parts}).
     */
    String finishedKey(Unit unit) {
        String key = keyOf.apply(unit);
        return key.endsWith(".json") ? key.substring(0, key.length() - ".json".length()) + ".done.json" : key + ".done";
    }

    /** The unit's stored part: the finished one if there is one, else the unfinished one, if any. */
    private Optional<P> stored(Unit unit) {
        return artifacts.getJson(finishedKey(unit), partType).or(() -> artifacts.getJson(keyOf.apply(unit), partType));
    }

    /** Stores a finished part, unless another invocation of the unit stored its own first (each is a whole pass). */
    private void storeFinished(Unit unit, P part) {
        artifacts.putIfAbsent(finishedKey(unit), Json.bytes(part), "application/json");
    }

    public static List<Unit> of(List<String> models, Map<String, Integer> segments) {
        List<Unit> units = new ArrayList<>();
        for (String model : models) {
            int total = segments.get(model);
            for (int segment = 0; segment < total; segment++) {
                units.add(new Unit(model, segment, total));
            }
        }
        return units;
    }

    /**
     * Writes {@code units} to {@code key} for a Distributed Map's ItemReader, unless it is there already; returns
     * where it is when this call wrote it (the Map is to run), null when an earlier call did (the Map has run).
     */
    public static RunState.S3Object handOver(ArtifactStore artifacts, String bucket, String key, List<RunState.Unit> units) {
        return artifacts.putIfAbsent(key, Json.bytes(units), "application/json") ? new RunState.S3Object(bucket, key) : null;
    }

    /**
     * Works on every unit not yet done; true when all are done. A unit whose turn comes after {@code deadline} has
     * passed waits for the next call, but one unit a call always works, so that every call makes progress: with a
     * thousand units queued behind a few threads, each doing "at least a page" past the deadline would overrun the
     * function's timeout. Each unit's part is read in the pool too: a summarizing call that finds a thousand parts done
     * waits for a thousand reads divided among the pool's threads, not one after another.
     */
    public boolean runAll(List<Unit> units, Deadline deadline, Function<Unit, P> fresh, BiFunction<Unit, P, P> work) {
        return runAll(units, deadline, fresh, work, null);
    }

    /**
     * As {@link #runAll(List, Deadline, Function, BiFunction)}, offering every finished part to {@code held}.
     * A part this call finished and {@code held} kept is stored only when the call ends with units left undone: when
     * all are done the summary follows in this call and takes it from memory, and no later call reads it. A call that
     * dies first loses those parts, and the next one scans their units again (the pass only reads).
     */
    public boolean runAll(List<Unit> units, Deadline deadline, Function<Unit, P> fresh, BiFunction<Unit, P, P> work,
                          Held<P> held) {
        AtomicBoolean begun = new AtomicBoolean();
        List<Future<Boolean>> running = new ArrayList<>();
        for (Unit unit : units) {
            running.add(pool.submit(() -> {
                P part = stored(unit).orElseGet(() -> fresh.apply(unit));
                if (done.test(part)) {
                    if (held != null) {
                        held.offer(unit, part, true);
                    }
                    return true;
                }
                if (begun.getAndSet(true) && deadline.passed()) {
                    return false;
                }
                P updated = work.apply(unit, part);
                boolean finished = done.test(updated);
                if (!finished) {
                    artifacts.putJson(keyOf.apply(unit), updated);
                } else if (held == null || !held.offer(unit, updated, false)) {
                    storeFinished(unit, updated);
                }
                return finished;
            }));
        }
        boolean allDone = Tasks.joinAll(running).stream().allMatch(Boolean::booleanValue);
        if (!allDone && held != null) {
            // No summary in this call: the next one reads these parts.
            store(held);
        }
        return allDone;
    }

    /**
     * Stores the finished parts {@code held} has that the store has not: for a call that finished every unit but
     * will not summarize after all (another pass of the same call is unfinished), so that the next call reads them.
     */
    public void store(Held<P> held) {
        List<Future<Boolean>> stores = new ArrayList<>();
        held.unstored().forEach((unit, part) -> stores.add(pool.submit(() -> {
            storeFinished(unit, part);
            return true;
        })));
        Tasks.joinAll(stores);
    }

    /** The finished parts of the units, in unit order, read several at once; fails when one is missing or unfinished. */
    public List<P> parts(List<Unit> units) {
        return parts(units, null);
    }

    /** As {@link #parts(List)}, taking from {@code held} the parts it has instead of reading them. */
    public List<P> parts(List<Unit> units, Held<P> held) {
        List<Future<P>> reads = new ArrayList<>(units.size());
        for (Unit unit : units) {
            Held.Weighed<P> kept = held == null ? null : held.parts.get(unit);
            if (kept != null) {
                reads.add(CompletableFuture.completedFuture(kept.part()));
                continue;
            }
            reads.add(pool.submit(() -> stored(unit).filter(done).orElseThrow(() -> new IllegalStateException("table "
                    + unit.model() + ", segment " + unit.segment() + ": no finished part at " + finishedKey(unit)
                    + "; run it again to read the segment again"))));
        }
        return Tasks.joinAll(reads);
    }

    /**
     * The finished parts a pass had in hand, kept for its summary in the same call so that it does not read them
     * again, up to a budget of {@code weight} (about the entries a part holds): what does not fit is read as before.
     */
    public static final class Held<P> {
        private final Map<Unit, Weighed<P>> parts = new ConcurrentHashMap<>();
        private final ToLongFunction<P> weight;
        private final long budget;
        private final AtomicLong used = new AtomicLong();

        /** A part, its weight when it was offered (it may shrink while it is summarized), and whether the store has it. */
        private record Weighed<P>(P part, long weight, boolean stored) {}

        public Held(ToLongFunction<P> weight, long budget) {
            this.weight = weight;
            this.budget = budget;
        }

        /** Keeps {@code part} if it fits the budget; true when kept. */
        boolean offer(Unit unit, P part, boolean stored) {
            long w = weight.applyAsLong(part);
            long before = used.getAndUpdate(u -> u + w <= budget ? u + w : u);
            if (before + w > budget) {
                return false;
            }
            Weighed<P> replaced = parts.put(unit, new Weighed<>(part, w, stored));
            if (replaced != null) {
                used.addAndGet(-replaced.weight());
            }
            return true;
        }

        /** The parts kept that the store does not have. */
        Map<Unit, P> unstored() {
            Map<Unit, P> unstored = new LinkedHashMap<>();
            parts.forEach((unit, kept) -> {
                if (!kept.stored()) {
                    unstored.put(unit, kept.part());
                }
            });
            return unstored;
        }

        /** Lets go of the units' parts: their summary is done. */
        public void release(List<Unit> units) {
            for (Unit unit : units) {
                Weighed<P> held = parts.remove(unit);
                if (held != null) {
                    used.addAndGet(-held.weight());
                }
            }
        }
    }
}
