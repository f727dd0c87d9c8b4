package dev.dmig.executor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The error document the Java Lambda runtime reports for an unhandled exception, which Step
 * Functions passes on as the error's {@code Cause}: {@code errorMessage} (the message, or the class
 * name when there is none), {@code errorType} (the fully qualified class name) and
 * {@code stackTrace} (one string per frame). The error name itself is {@code errorType}.
 */
final class LambdaErrorCause {
    private LambdaErrorCause() {
    }

    static String of(Throwable thrown) {
        String type = thrown.getClass().getName();
        String message = thrown.getLocalizedMessage();
        ObjectNode cause = JsonValues.MAPPER.createObjectNode();
        cause.put("errorMessage", message == null ? type : message);
        cause.put("errorType", type);
        ArrayNode stackTrace = cause.putArray("stackTrace");
        for (StackTraceElement frame : thrown.getStackTrace()) {
            stackTrace.add(frame.toString());
        }
        return JsonValues.write(cause);
    }

    /**
     * What Lambda reports for an invocation stopped at its timeout, e.g.
     * {@code {"errorMessage":"2026-11-23T10:00:00.000Z 5f1c… Task timed out after 900.00 seconds"}}.
     */
    static String timedOut(String requestId, Duration timeout) {
        ObjectNode cause = JsonValues.MAPPER.createObjectNode();
        cause.put("errorMessage", Instant.now() + " " + requestId + " Task timed out after "
                + String.format(Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds");
        return JsonValues.write(cause);
    }

    /** What the runtime reports when it cannot turn the event into the handler's input type. */
    static String unreadableEvent() {
        ObjectNode cause = JsonValues.MAPPER.createObjectNode();
        cause.put("errorMessage", "An error occurred during JSON parsing");
        cause.put("errorType", RuntimeException.class.getName());
        cause.putArray("stackTrace");
        return JsonValues.write(cause);
    }
}
