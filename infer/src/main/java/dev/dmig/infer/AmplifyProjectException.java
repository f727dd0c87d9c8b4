package dev.dmig.infer;

/**
 * An Amplify project folder, or an environment it names, that does not give what discovery needs: one line naming the
 * file, field or object, and what to do. Bad input, as an {@link IllegalArgumentException} is to the command line.
 */
public final class AmplifyProjectException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AmplifyProjectException(String message) {
        super(message);
    }
}
