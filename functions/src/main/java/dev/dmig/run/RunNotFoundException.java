package dev.dmig.run;

/** The run named in the input has no artifacts in the bucket. */
public final class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(String message) {
        super(message);
    }
}
