package dev.dmig.executor;

/**
 * A state machine definition the local executor refuses to run, because it is malformed or uses
 * something the executor cannot run exactly as Step Functions would. The message is one line that
 * names the state and the field.
 */
public final class UnsupportedDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedDefinitionException(String message) {
        super(message);
    }
}
