package dev.dmig.analysis;

import dev.dmig.identity.Usernames;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The data problems of one table and attribute (or of a table's items as a whole, {@code attribute} null) that a scan
 * found: how many, the first few, and the values none of the attribute's patterns takes, from which the refusal writes
 * the alternative to add ({@link PatternFix}). Stored in a segment's part and added across parts, so that a refusal says
 * each kind of problem once, with its count, rather than once per item.
 */
final class ProblemTally {
    /** Items a line names. */
    static final int EXAMPLES = 3;
    /** Distinct values no pattern takes that are kept: one more than a fix writes out, to know when there are more. */
    static final int UNMATCHED_KEPT = PatternFix.LITERALS + 1;

    public String table;
    public String attribute;
    public long count;
    public List<Problem> examples = new ArrayList<>();
    /** Of {@link #count}, the values no pattern of the attribute takes. */
    public long unmatchedCount;
    /** The first distinct values no pattern takes, as they are (never printed but masked or in a fix). */
    public List<String> unmatched = new ArrayList<>();
    /** The first item holding each of {@link #unmatched}. */
    public List<String> unmatchedItems = new ArrayList<>();

    /** As read back. */
    ProblemTally() {}

    private ProblemTally(String table, String attribute) {
        this.table = table;
        this.attribute = attribute;
    }

    /** The tally of {@code problem}'s table and attribute in {@code tallies}, added there when it is the first. */
    static ProblemTally of(List<ProblemTally> tallies, String table, String attribute) {
        for (ProblemTally tally : tallies) {
            if (Objects.equals(tally.table, table) && Objects.equals(tally.attribute, attribute)) {
                return tally;
            }
        }
        ProblemTally tally = new ProblemTally(table, attribute);
        tallies.add(tally);
        return tally;
    }

    /** One more problem; {@code value}: the value no pattern takes, when that is the problem. */
    void add(Problem problem, String value) {
        count++;
        if (examples.size() < EXAMPLES) {
            examples.add(problem);
        }
        if (value != null) {
            unmatchedCount++;
            if (unmatched.size() < UNMATCHED_KEPT && !unmatched.contains(value)) {
                unmatched.add(value);
                unmatchedItems.add(problem.key());
            }
        }
    }

    /** Adds another part's tally of the same table and attribute. */
    void add(ProblemTally other) {
        count += other.count;
        other.examples.stream().limit(Math.max(0, EXAMPLES - examples.size())).forEach(examples::add);
        unmatchedCount += other.unmatchedCount;
        for (int i = 0; i < other.unmatched.size() && unmatched.size() < UNMATCHED_KEPT; i++) {
            if (!unmatched.contains(other.unmatched.get(i))) {
                unmatched.add(other.unmatched.get(i));
                unmatchedItems.add(other.unmatchedItems.get(i));
            }
        }
    }

    /**
     * The tally in one line: its single problem as it is, or the count and the first items; with the alternative that
     * takes the values no pattern takes, written out for the plan ({@code table}: the table's plan, null when the plan
     * has none).
     */
    Problem line(TablePlan plan) {
        String fix = unmatchedCount == 0 || plan == null ? null : PatternFix.of(plan, attribute, unmatched,
                unmatched.size() > PatternFix.LITERALS);
        String tail = fix == null ? "" : "; " + fix;
        if (count == 1) {
            Problem only = examples.get(0);
            return new Problem(only.table(), only.attribute(), only.key(), only.message() + tail);
        }
        String what;
        if (unmatchedCount == count && plan != null && PatternFix.patterns(plan, attribute) != null) {
            List<String> first = new ArrayList<>();
            for (int i = 0; i < Math.min(EXAMPLES, unmatched.size()); i++) {
                first.add("'" + shown(unmatched.get(i)) + "' (item " + unmatchedItems.get(i) + ")");
            }
            what = count(count) + " values fit none of its patterns (" + PatternFix.patterns(plan, attribute) + "), "
                    + (unmatched.size() > 1 ? "first: " : "all ") + String.join(", ", first);
        } else if (examples.stream().map(Problem::message).distinct().count() == 1) {
            what = count(count) + " items (first: " + String.join(", ", examples.stream().map(p -> "item " + p.key()).toList()) + "): "
                    + examples.get(0).message();
        } else {
            what = count(count) + " items (first: " + String.join("; ", examples.stream().map(p -> "item " + p.key() + ": "
                    + p.message()).toList()) + ")";
        }
        return new Problem(table, attribute, null, what + tail);
    }

    /** A value as a line may show it: an email or phone number masked, a long one shortened. */
    static String shown(String value) {
        String shown = Usernames.shownValue(value);
        return shown.length() <= 80 ? shown : shown.substring(0, 77) + "...";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
