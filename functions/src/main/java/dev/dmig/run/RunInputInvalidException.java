package dev.dmig.run;

import dev.dmig.RefusedException;

/** The execution input asks for something that cannot be done (unknown mode, missing table, run ID taken). */
public final class RunInputInvalidException extends RefusedException {
    public RunInputInvalidException(String message) {
        super("RunInputInvalid", message);
    }
}
