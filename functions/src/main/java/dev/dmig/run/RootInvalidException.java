package dev.dmig.run;

import dev.dmig.RefusedException;

/** A slice's root cannot be used: malformed, a model the run does not migrate, or no such record in the source. */
public final class RootInvalidException extends RefusedException {
    public RootInvalidException(String message) {
        super("RootInvalid", message);
    }
}
