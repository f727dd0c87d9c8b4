package dev.dmig.run;

/** The execution input asks for something that cannot be done (unknown mode, missing table, run ID taken). */
public final class RunInputInvalidException extends RuntimeException {
    public RunInputInvalidException(String message) {
        super(message);
    }
}
