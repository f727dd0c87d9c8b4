package dev.dmig.migrate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.dmig.Features;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The source items a run read and did not copy on purpose, counted by why ({@link Reason#name}), every
 * feature's reasons (items holding an identity with no match under {@code onUnmatched: drop}, soft-deleted DataStore rows
 * under {@code reset}, records a table's {@code match} paired with no target record under {@code whenNotMatched: skip}).
 * Stored as an object of counts by name ({@code {"softDeleted": 3, "unpaired": 1}}), as earlier versions stored their
 * fields. A checkpoint of a version that counted them together has none ({@link #of(long, LeftBehind)} counts them all
 * under {@link #UNTOLD}, as that version said). The report says each in its words ({@link #counted}).
 */
public record LeftBehind(Map<String, Long> byReason) {
    /** Nothing left behind. */
    public static final LeftBehind NONE = new LeftBehind(Map.of());
    /** The name the count of a version that did not tell its items apart is kept under: it said they were soft-deleted rows. */
    static final String UNTOLD = "softDeleted";

    /** Every reason, in the order they are said: the features' ({@code dev.dmig.Feature}). */
    private static final List<Reason> REASONS = Features.at(Reason.class);

    /**
     * Why an item is not copied: its {@code name} (its count's key where counts are stored), how a test run says it of
     * an item ({@code item <key> ...}, {@code notCopied}), how a preview says why ({@code preview}), the kind of items for a
     * legend ({@code kind}), and how a count of them reads after the number ({@code one}; {@code many}, null when the same).
     */
    public record Reason(String name, String notCopied, String preview, String kind, String one, String many) {
        /** {@code 7 soft-deleted DataStore rows left behind}. */
        public String counted(long count) {
            return String.format(Locale.ROOT, "%,d", count) + " " + (count == 1 || many == null ? one : many);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public LeftBehind {
        Map<String, Long> counted = new LinkedHashMap<>();
        if (byReason != null) {
            byReason.forEach((name, count) -> {
                if (count != null && count > 0) {
                    counted.put(name, count);
                }
            });
        }
        byReason = java.util.Collections.unmodifiableMap(counted);
    }

    @Override
    @JsonValue
    public Map<String, Long> byReason() {
        return byReason;
    }

    /**
     * {@code known}, with what of {@code total} it does not tell apart (all of it when a version that did not tell them
     * apart saved the count) counted under {@link #UNTOLD}, as that version said.
     */
    public static LeftBehind of(long total, LeftBehind known) {
        LeftBehind told = known == null ? NONE : known;
        long untold = total - told.total();
        return untold > 0 ? told.plus(new LeftBehind(Map.of(UNTOLD, untold))) : told;
    }

    /** The items left behind for {@code reason}. */
    public long count(Reason reason) {
        return byReason.getOrDefault(reason.name(), 0L);
    }

    /** This with one more item left behind for {@code reason}. */
    public LeftBehind plus(Reason reason) {
        return plus(new LeftBehind(Map.of(reason.name(), 1L)));
    }

    public LeftBehind plus(LeftBehind other) {
        if (other == null || other.byReason.isEmpty()) {
            return this;
        }
        Map<String, Long> sum = new LinkedHashMap<>(byReason);
        other.byReason.forEach((name, count) -> sum.merge(name, count, Long::sum));
        return new LeftBehind(sum);
    }

    public long total() {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Each kind left behind with its count, in the reasons' order; a count stored under a name no reason of this build
     * has (a feature taken out since) is said as items left behind, by that name.
     */
    public List<Counted> counted() {
        List<Counted> counted = new ArrayList<>();
        for (Reason reason : REASONS) {
            long count = count(reason);
            if (count > 0) {
                counted.add(new Counted(reason, count));
            }
        }
        byReason.forEach((name, count) -> {
            if (REASONS.stream().noneMatch(reason -> reason.name().equals(name))) {
                counted.add(new Counted(new Reason(name, "is not copied (" + name + ")", "not copied (" + name + ")",
                        "items not copied (" + name + ")", "item left behind (" + name + ")", "items left behind (" + name + ")"),
                        count));
            }
        });
        return counted;
    }

    /** A kind of item left behind, and how many. */
    public record Counted(Reason reason, long count) {
        public String text() {
            return reason.counted(count);
        }
    }
}
