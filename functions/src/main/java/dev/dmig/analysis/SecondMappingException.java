package dev.dmig.analysis;

import dev.dmig.RefusedException;

/**
 * An earlier run copied the same source tables into the same target tables under IDs derived otherwise, and its copy is
 * still there: this run would write every item a second time under new IDs. Nothing was written.
 */
public final class SecondMappingException extends RefusedException {
    public SecondMappingException(String message) {
        super("SecondMapping", message);
    }
}
