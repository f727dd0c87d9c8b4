package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run stands, as recorded in its manifest. */
public enum RunStatus {
    ANALYZING,
    ANALYZED,
    REFUSED,
    MIGRATING,
    VALIDATING,
    /**
     * A full run whose validation passed, written by Validate as its last act: from here on a failure finishes the
     * run (Finalize, or the recovery path) and never rolls it back.
     */
    VALIDATED,
    SUCCEEDED,
    FAILED,
    ROLLING_BACK,
    ROLLED_BACK,
    ROLLBACK_INCOMPLETE;

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static RunStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** No step of the run will change it any more. */
    public boolean terminal() {
        return this == REFUSED || this == SUCCEEDED || this == FAILED || this == ROLLED_BACK || this == ROLLBACK_INCOMPLETE;
    }
}
