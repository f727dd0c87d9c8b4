package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an execution does; {@code dry-run} when the input names none. */
public enum RunMode {
    DRY_RUN("dry-run"),
    TEST("test"),
    FULL("full"),
    VALIDATE("validate"),
    ROLLBACK("rollback");

    private final String text;

    RunMode(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    @JsonCreator
    public static RunMode parse(String text) {
        if (text == null || text.isEmpty()) {
            return DRY_RUN;
        }
        for (RunMode mode : values()) {
            if (mode.text.equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode '" + text + "' is not one of dry-run, test, full, validate, rollback");
    }

    /** Modes that write to target tables. */
    public boolean writes() {
        return this == TEST || this == FULL;
    }
}
