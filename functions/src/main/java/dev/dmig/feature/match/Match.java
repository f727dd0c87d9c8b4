package dev.dmig.feature.match;

import dev.dmig.plan.PairsWithTarget;
import java.util.List;
import java.util.Map;

/**
 * A table's {@code match}: how its records are paired with records the target already holds, by the values of
 * {@code on} as the target will hold them (after mapping), and what becomes of a record paired ({@code whenMatched})
 * or not ({@code whenNotMatched}). A paired record's new ID is the target record's ID, wherever it is referenced.
 * {@code pins}: source IDs paired by hand with target IDs, whatever their values say.
 */
public record Match(List<String> on, WhenMatched whenMatched, WhenNotMatched whenNotMatched, boolean caseInsensitive,
                    Map<String, String> pins) implements PairsWithTarget {

    public Match {
        on = List.copyOf(on);
        pins = pins == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pins));
    }

    public Match(List<String> on, WhenMatched whenMatched, WhenNotMatched whenNotMatched, boolean caseInsensitive) {
        this(on, whenMatched, whenNotMatched, caseInsensitive, Map.of());
    }

    @Override
    public String field() {
        return MatchSection.FIELD;
    }

    /** What a run does with a source record paired with a target record. */
    public enum WhenMatched {
        /** Nothing is written for it: the target's record stays as it is, and references to it point at it. */
        KEEP("keep"),
        /** Its non-key attributes are written over the target record (journaled with its pre-image). */
        UPDATE("update"),
        /** A pair refuses the run, listing the pairs. */
        FAIL("fail");

        private final String planName;

        WhenMatched(String planName) {
            this.planName = planName;
        }

        public String planName() {
            return planName;
        }
    }

    /** What a run does with a source record no target record pairs with. */
    public enum WhenNotMatched {
        /** Written under its new ID, as a table without {@code match} is. */
        INSERT("insert"),
        /** Not written: references to it are orphans. */
        SKIP("skip");

        private final String planName;

        WhenNotMatched(String planName) {
            this.planName = planName;
        }

        public String planName() {
            return planName;
        }
    }
}
