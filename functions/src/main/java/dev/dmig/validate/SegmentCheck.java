package dev.dmig.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.PageFindings;
import dev.dmig.store.ContentDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What validation has found in one source segment so far, stored at
 * {@code runs/<runId>/validation/<table>/<segment>.json}. Every field adds up across segments.
 *
 * <p>{@code byDigest}: the segment is checked by comparing digests of whole tables, without a lookup per
 * item: its source segment is read first ({@code sourceRead} once done), then the same segment of the
 * target table ({@code targetLastEvaluatedKey}); {@code matched}, {@code missing} and {@code mismatched}
 * stay 0, the table's verdict comes from the summed digests. A segment whose source the migration's read
 * stands for starts with {@code sourceRead}: only its target is read.
 */
final class SegmentCheck implements CopyCheck.Findings {
    static final int EXAMPLES = 5;

    public String model;
    public int segment;
    public boolean done;
    public JsonNode lastEvaluatedKey;
    public boolean byDigest;
    public boolean sourceRead;
    public JsonNode targetLastEvaluatedKey;
    public long sourceItems;
    public String sourceDigest = "";
    public long matched;
    public long missing;
    public long mismatched;
    public long skipped;
    /** Of {@link #skipped}: the run's records production changed since the run wrote them, left as production has them. */
    public long leftByProduction;
    public String expectedDigest = "";
    public long expectedCount;
    public String targetDigest = "";
    public long targetCount;
    public long referencesChecked;
    public long brokenReferences;
    public long sourceOrphans;
    public long unchecked;
    /** What the copied records carry ({@link CargoCheck}: the objects they name), compared with the target. */
    public Cargo cargo = new Cargo();
    public List<String> examples = new ArrayList<>();
    /** Per attribute path of the target items the run wrote: values that still name the source's users or records. */
    public Map<String, SourceValueTally> sourceValues = new TreeMap<>();
    /** Per file reference (by path): the object keys the run copied to that still name the source's users or records. */
    public Map<String, SourceValueTally> sourceValueObjects = new TreeMap<>();
    /** What the copies checked beside their source items showed ({@link ResolutionCheck}), where validation looked. */
    public List<PageFindings.Found> resolutions = List.of();
    /** Values of the copies a feature's check found wrong ({@link CopyCheck.Findings#failed}), by path and what. */
    public List<PageFindings.Found> failed = List.of();

    SegmentCheck() {}

    /**
     * {@code sourceReadByMigration} (by digest only): the source is not read again; {@code algorithm}: of the digests
     * this part takes (a part with "" takes SHA-256's, as an earlier version's did).
     */
    SegmentCheck(String model, int segment, boolean byDigest, boolean sourceReadByMigration, ContentDigest.Algorithm algorithm) {
        this.model = model;
        this.segment = segment;
        this.byDigest = byDigest;
        this.sourceRead = byDigest && sourceReadByMigration;
        String empty = new ContentDigest(algorithm).hex();
        this.sourceDigest = empty;
        this.expectedDigest = empty;
        this.targetDigest = empty;
    }

    /** The three digests a segment's check adds to, as its earlier calls left them. */
    record Digests(ContentDigest source, ContentDigest expected, ContentDigest target) {}

    /** The digests as the last call kept them, for this call to add to. */
    Digests digests() {
        return new Digests(ContentDigest.of(sourceDigest, sourceItems), ContentDigest.of(expectedDigest, expectedCount),
                ContentDigest.of(targetDigest, targetCount));
    }

    /** Keeps the digests a call has added to, for the next call or the verdict. */
    void keep(Digests digests) {
        sourceItems = digests.source().count();
        sourceDigest = digests.source().hex();
        expectedDigest = digests.expected().hex();
        expectedCount = digests.expected().count();
        targetDigest = digests.target().hex();
        targetCount = digests.target().count();
    }

    /** The parts of {@code model} among {@code parts} added up, in digests of {@code algorithm}: a table's findings. */
    static SegmentCheck sumOf(String model, List<SegmentCheck> parts, ContentDigest.Algorithm algorithm) {
        SegmentCheck sum = new SegmentCheck(model, 0, false, false, algorithm);
        parts.stream().filter(part -> part.model.equals(model)).forEach(sum::add);
        return sum;
    }

    /** Adds another segment's findings to these: every count and digest, and its examples while there is room. */
    void add(SegmentCheck part) {
        Digests sum = digests();
        Digests other = part.digests();
        keep(new Digests(sum.source().add(other.source()), sum.expected().add(other.expected()),
                sum.target().add(other.target())));
        matched += part.matched;
        missing += part.missing;
        mismatched += part.mismatched;
        skipped += part.skipped;
        leftByProduction += part.leftByProduction;
        referencesChecked += part.referencesChecked;
        brokenReferences += part.brokenReferences;
        sourceOrphans += part.sourceOrphans;
        unchecked += part.unchecked;
        cargo.add(part.cargo);
        part.examples.stream().limit(EXAMPLES - examples.size()).forEach(examples::add);
        part.sourceValues.forEach((path, tally) -> sourceValues.computeIfAbsent(path, p -> new SourceValueTally()).add(tally));
        part.sourceValueObjects.forEach((path, tally) -> sourceValueObjects.computeIfAbsent(path, p -> new SourceValueTally())
                .add(tally));
        resolutions = PageFindings.sum(resolutions, part.resolutions);
        failed = PageFindings.sum(failed, part.failed);
    }

    @Override
    public void sourceValue(String path, boolean objectKeys, String kind, boolean whole, String where) {
        (objectKeys ? sourceValueObjects : sourceValues).computeIfAbsent(path, p -> new SourceValueTally()).add(kind, whole, where);
    }

    /**
     * A part stored by a version that kept the cargo's counts in fields of the objects' own ({@code objectsChecked},
     * {@code objectsWrong}, {@code objectsSkipped}): read as {@link #cargo}'s.
     */
    @JsonProperty("objectsChecked")
    void earlierChecked(long checked) {
        cargo.checked += checked;
    }

    @JsonProperty("objectsWrong")
    void earlierWrong(long wrong) {
        cargo.wrong += wrong;
    }

    @JsonProperty("objectsSkipped")
    void earlierSkipped(long skipped) {
        cargo.skipped += skipped;
    }

    /**
     * What a table's pages carried beside its records ({@link PageCargo}), as validation compared it with
     * the target: found right, wrong (missing or different there), and left alone on purpose.
     */
    static final class Cargo {
        public long checked;
        public long wrong;
        public long skipped;
        /** Of the right ones, those equal to what a feature writes in the objects' stead, by what they are (none in an older part). */
        public java.util.Map<String, Long> standIns = new java.util.TreeMap<>();

        void add(PageCargo.Compared compared) {
            checked += compared.checked();
            wrong += compared.wrong();
            skipped += compared.skipped();
            compared.standIns().forEach((are, count) -> standIns.merge(are, count, Long::sum));
        }

        void add(Cargo other) {
            checked += other.checked;
            wrong += other.wrong;
            skipped += other.skipped;
            if (other.standIns != null) {
                other.standIns.forEach((are, count) -> standIns.merge(are, count, Long::sum));
            }
        }
    }

    @Override
    public void example(String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
    }

    @Override
    public void compared(PageCargo.Compared compared) {
        cargo.add(compared);
        compared.examples().forEach(this::example);
    }

    @Override
    public void resolutions(List<PageFindings.Found> found) {
        resolutions = PageFindings.sum(resolutions, found);
    }

    @Override
    public void failed(String path, String what, String where) {
        failed = PageFindings.sum(failed, List.of(new PageFindings.Found(path, what, 1, where)));
    }
}
