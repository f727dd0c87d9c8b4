package dev.dmig.analysis;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.List;
import java.util.Map;

/**
 * Analysis of one model's source table, and of what already sits at its mapped keys in the target;
 * {@code size}: what its segments were sized for; {@code targetStream}: the view type of the target
 * table's stream (null without one); {@code timeToLive}: null unless the target table deletes by TTL;
 * {@code targetEmpty}: the target table held no item when the run began (then no item can conflict,
 * and validation can compare whole tables by digest); {@code expectedDigest}: the digest of what its
 * {@code expectedItems} items without a problem map to, which a target table empty before the run must match
 * (null when a part of the analysis was begun by a version that did not take it); {@code sections}: each feature's
 * section, by its name ({@link ScanTally#name}: {@code files}, its file references and their objects; {@code identities},
 * {@code dataStore}...), stored beside the core's fields ({@link #section}); {@code leftBehind}: of its items, those the run does not copy, for any reason (0 in an
 * analysis of a version that did not count them apart); {@code identical}: of its {@code conflicts}, the target's records
 * at the mapped keys that are what the run would write (the same as the source); the others differ from it (0 in an
 * analysis of a version that counted them for the whole run only).
 */
public record TableAnalysis(String model, int level, String sourceTable, String targetTable, int segments,
                            long items, long bytes, long maxItemBytes, List<ReferenceAnalysis> references,
                            long conflicts, long adopted, List<ConflictExample> conflictExamples, long problems,
                            String sourceDigest, List<UniquenessAnalysis> uniqueness, SizeEstimate size,
                            String targetStream, TimeToLiveAnalysis timeToLive, boolean targetEmpty,
                            String expectedDigest, long expectedItems, @JsonAnySetter Map<String, Object> sections,
                            long leftBehind, long identical) implements FeatureSections {

    /** Items of the table the run leaves behind, and a few of their keys. */
    public record LeftBehind(long items, List<String> examples) {}

    /**
     * The section where an analysis of a version that did not count its items left behind apart ({@code leftBehind} 0)
     * named those holding an identity without a match: the identities' feature's section since.
     */
    private static final String EARLIER_LEFT_BEHIND = "unmatchedLeftBehind";

    @com.fasterxml.jackson.annotation.JsonCreator
    public TableAnalysis {
        sections = FeatureSections.kept(sections);
    }

    /** The features' sections, stored beside the core's fields, each under its name. */
    @Override
    @JsonAnyGetter
    public Map<String, Object> sections() {
        return sections;
    }


    @SuppressWarnings("checkstyle:ParameterNumber") // the record's fields but the identical conflicts (none)
    public TableAnalysis(String model, int level, String sourceTable, String targetTable, int segments,
                         long items, long bytes, long maxItemBytes, List<ReferenceAnalysis> references,
                         long conflicts, long adopted, List<ConflictExample> conflictExamples, long problems,
                         String sourceDigest, List<UniquenessAnalysis> uniqueness, SizeEstimate size,
                         String targetStream, TimeToLiveAnalysis timeToLive, boolean targetEmpty,
                         String expectedDigest, long expectedItems, Map<String, Object> sections, long leftBehind) {
        this(model, level, sourceTable, targetTable, segments, items, bytes, maxItemBytes, references, conflicts, adopted,
                conflictExamples, problems, sourceDigest, uniqueness, size, targetStream, timeToLive, targetEmpty, expectedDigest,
                expectedItems, sections, leftBehind, 0);
    }

    /** Of the target's records at the mapped keys, those that differ from what the run would write. */
    public long differing() {
        return Math.max(0, conflicts - identical);
    }

    /** The source's bytes per item, on average (0 for an empty table). */
    public double averageItemBytes() {
        return items == 0 ? 0 : (double) bytes / items;
    }

    /**
     * The items the run copies: all it read but those it leaves behind (in an analysis of a version that did not count
     * them apart, the items holding an identity without a match it named).
     */
    public long copied() {
        LeftBehind unmatched = section(EARLIER_LEFT_BEHIND, LeftBehind.class);
        return items - Math.max(leftBehind, unmatched == null ? 0 : unmatched.items());
    }

    /**
     * What validating the table costs, in items: its items, and what the features check of what they carry, weighed in
     * items ({@link CheckCost}: the objects they name).
     */
    public long checkCost() {
        return items + dev.dmig.Features.at(CheckCost.class).stream().mapToLong(cost -> cost.of(this)).sum();
    }
}
