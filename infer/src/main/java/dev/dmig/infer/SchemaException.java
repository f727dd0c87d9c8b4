package dev.dmig.infer;

/**
 * An app schema that cannot be read, or that does not describe the environment read: one line naming the file, the line
 * or field, and what to do. Bad input, as an {@link IllegalArgumentException} is to the command line.
 */
final class SchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }
}
