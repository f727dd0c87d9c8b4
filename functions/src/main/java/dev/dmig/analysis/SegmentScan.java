package dev.dmig.analysis;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.plan.Problem;
import dev.dmig.store.ContentDigest;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What analysis has learnt from one scan segment so far, stored at
 * {@code runs/<runId>/analysis/<table>/<segment>.json} so a repeated Analyze call continues where
 * the last one stopped. Every field adds up across segments.
 */
public final class SegmentScan {
    /** How many keys of a kind a count keeps as its examples. */
    public static final int EXAMPLES = 5;

    public String model;
    public int segment;
    public boolean done;
    public JsonNode lastEvaluatedKey;
    public long items;
    public long bytes;
    public long maxItemBytes;
    /**
     * Of the items, those the run does not copy (soft-deleted DataStore rows under {@code reset}, items holding an identity
     * without a match under {@code drop}, records a {@code match} leaves unpaired): counted apart, so that what is said
     * of the copies (the references' fill) is of the copies alone. 0 in a part begun by a version that did not count them.
     */
    public long leftBehind;
    public Map<String, ReferenceTally> references = new LinkedHashMap<>();
    public long conflicts;
    /** Of the conflicts, those whose target item is exactly what the run would write there. */
    public long identical;
    public List<ConflictExample> conflictExamples = new ArrayList<>();
    public List<JsonNode> adopted = new ArrayList<>();
    public long problemCount;
    /** The first problems, as a part begun by a version that did not group them kept them; empty in a part of this one. */
    public List<Problem> problems = new ArrayList<>();
    /** The problems by table and attribute: counts, first items, values no pattern takes. Null in a part begun before. */
    public List<ProblemTally> problemGroups = new ArrayList<>();
    public String digest = "";
    public long digestCount;
    /**
     * The digest of what the items without a problem map to, which validation compares with the target's; null in a part
     * begun by a version that did not take it.
     */
    public String expectedDigest;
    public long expectedCount;
    /** Per {@code unique} attribute: value hash, mapped target key and item key of each item that has a value. */
    public Map<String, List<String>> unique = new LinkedHashMap<>();
    /** The IDs of this segment's items, kept when references to its table are checked by joining (see {@link ReferenceJoin}). */
    public Set<String> ids = new HashSet<>();
    /**
     * Each feature's tally ({@link ScanTally}) by its name; a part read back holds them as read (JSON's maps and numbers)
     * until its feature asks for one. Null in a part begun by a version that kept them as fields of the part.
     */
    public Map<String, Object> tallies;
    /**
     * Of a part read back, the counts a version that kept a feature's tally as a field of the part's own stored under the
     * tally's name: taken as that tally, so that a part begun before its feature's counts became a tally still adds up.
     */
    private final Map<String, Object> earlier = new HashMap<>();
    /** Per referenced table checked by joining: each ID this segment refers to, and how. */
    public Map<String, Map<String, ReferenceJoin.Uses>> referenced = new LinkedHashMap<>();
    /**
     * The {@link SourceIdFilter#hash}es of this segment's own IDs that the run keeps ({@link SourceIds}), 8 bytes each in
     * Base64; summed into the table's filter, not into the counts. Null in a part begun by a version that kept none.
     */
    public String sourceIds;

    /** A part as read back: its fields are the stored ones. */
    SegmentScan() {}

    /** A sum of parts. */
    static SegmentScan sum() {
        SegmentScan sum = new SegmentScan();
        sum.tallies = new LinkedHashMap<>();
        return sum;
    }

    /** A part begun by this version: its digests are of {@link ContentDigest#CURRENT} (a part with "" is SHA-256's). */
    public SegmentScan(String model, int segment) {
        this.model = model;
        this.segment = segment;
        this.digest = new ContentDigest().hex();
        this.expectedDigest = "";
        this.sourceIds = "";
        this.tallies = new LinkedHashMap<>();
    }

    /** About how many entries this part holds: what keeping it in memory costs. */
    long entries() {
        // Eight hashes take about what one kept ID takes.
        long entries = 1L + ids.size() + adopted.size() + (sourceIds == null ? 0 : sourceIds.length() / 88);
        for (Map<String, ReferenceJoin.Uses> uses : referenced.values()) {
            entries += uses.size();
        }
        for (List<String> values : unique.values()) {
            entries += values.size();
        }
        return entries;
    }

    /**
     * Adds {@code part}'s counts, examples and tallies to this sum of a table's parts: not its IDs, unique values,
     * adopted keys, problems or digests, which a summary keeps or adds apart.
     */
    void add(SegmentScan part) {
        items += part.items;
        bytes += part.bytes;
        maxItemBytes = Math.max(maxItemBytes, part.maxItemBytes);
        leftBehind += part.leftBehind;
        conflicts += part.conflicts;
        identical += part.identical;
        problemCount += part.problemCount;
        addExamples(conflictExamples, part.conflictExamples);
        // Refused even when no feature counted in it: a part without tallies may hold counts this version cannot read.
        part.tallies();
        ScanChecks.TALLIES.forEach(kind -> kind.add(this, part));
        part.references.forEach((path, tally) -> references.computeIfAbsent(path, p -> new ReferenceTally(tally.target)).add(tally));
    }

    /** The hashes of this part's kept source IDs ({@link #sourceIds}); none in a part begun by a version that kept none. */
    long[] sourceIdHashes() {
        if (sourceIds == null || sourceIds.isEmpty()) {
            return new long[0];
        }
        LongBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(sourceIds)).asLongBuffer();
        long[] hashes = new long[buffer.remaining()];
        buffer.get(hashes);
        return hashes;
    }

    /** Adds the first {@code count} of {@code hashes} to {@link #sourceIds}. */
    void addSourceIdHashes(long[] hashes, int count) {
        long[] before = sourceIdHashes();
        ByteBuffer buffer = ByteBuffer.allocate((before.length + count) * Long.BYTES);
        buffer.asLongBuffer().put(before).put(hashes, 0, count);
        sourceIds = Base64.getEncoder().encodeToString(buffer.array());
    }

    private static <T> void addExamples(List<T> examples, List<T> more) {
        more.stream().limit(Math.max(0, EXAMPLES - examples.size())).forEach(examples::add);
    }

    /** {@code kind}'s tally of this part or sum: the one it holds (read back as its type), or a new empty one it holds now. */
    public <T> T tally(ScanTally<T, ?> kind) {
        Object held = tallies().get(kind.name());
        if (kind.type().isInstance(held)) {
            return kind.type().cast(held);
        }
        T tally = held == null ? kind.empty().get() : Json.MAPPER.convertValue(held, kind.type());
        tallies.put(kind.name(), tally);
        return tally;
    }

    /** A field of a part read back that no field of this version takes: kept when a feature's tally has its name ({@link #earlier}). */
    @JsonAnySetter
    void earlierTally(String name, Object value) {
        if (ScanChecks.TALLIES.stream().anyMatch(kind -> kind.name().equals(name))) {
            earlier.put(name, value);
        }
    }

    /** The {@link #earlier} counts no feature has asked for yet: a part stored again keeps them as it read them. */
    @JsonAnyGetter
    Map<String, Object> earlierTallies() {
        return earlier;
    }

    /** Whether this part holds a tally of {@code kind}: its feature counted something. */
    boolean counted(ScanTally<?, ?> kind) {
        return tallies().containsKey(kind.name());
    }

    /**
     * The features' tallies. A part begun by a version that kept them as fields of their own holds none, and would lose
     * its counts: the analysis fails, before anything is written.
     */
    private Map<String, Object> tallies() {
        if (tallies == null) {
            throw new IllegalStateException("table " + model + ": its segments were analyzed by two versions of dmig, "
                    + "whose counts do not add up; start the run again");
        }
        if (!earlier.isEmpty()) {
            earlier.forEach(tallies::putIfAbsent);
            earlier.clear();
        }
        return tallies;
    }

    /** A problem of an item that a feature's check found ({@link ScanCheck}), counted against the segment. */
    public void problem(Problem problem) {
        problem(problem, null);
    }

    /** A problem of an item; {@code unmatched}: the value none of its attribute's patterns takes, when that is the problem. */
    void problem(Problem problem, String unmatched) {
        problemCount++;
        ProblemTally.of(problemGroups(), problem.table(), problem.attribute()).add(problem, unmatched);
    }

    /** The problems by table and attribute; a part begun by a version that listed them one by one, grouped now. */
    List<ProblemTally> problemGroups() {
        if (problemGroups == null) {
            problemGroups = new ArrayList<>();
            problems.forEach(p -> ProblemTally.of(problemGroups, p.table(), p.attribute()).add(p, null));
        }
        return problemGroups;
    }

    /** Counts for one reference path. */
    static final class ReferenceTally {
        public String target;
        public long itemsWithValue;
        public long values;
        public long orphans;
        public long unchecked;
        public List<OrphanExample> orphanExamples = new ArrayList<>();

        ReferenceTally() {}

        ReferenceTally(String target) {
            this.target = target;
        }

        void add(ReferenceTally other) {
            itemsWithValue += other.itemsWithValue;
            values += other.values;
            orphans += other.orphans;
            unchecked += other.unchecked;
            for (OrphanExample example : other.orphanExamples) {
                if (orphanExamples.size() < EXAMPLES) {
                    orphanExamples.add(example);
                }
            }
        }
    }
}
