package dev.dmig.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ItemStore;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The DynamoDB endpoints a command names, each with who named it. One rule: a plan side's endpoint is named once — by
 * the plan's side, by {@code --source-dynamodb-endpoint} / {@code --target-dynamodb-endpoint}, or, for a side that
 * names none, by {@code --dynamodb-endpoint} — and an option that says otherwise than the plan is refused in one line.
 * Before anything starts each endpoint named is called once: one where no DynamoDB answers (nothing listening, an
 * unknown host, another kind of server) is the user's setup, refused in one line naming it and who named it.
 */
public final class PlanEndpoints {
    /** An endpoint, who named it ({@code --dynamodb-endpoint}, {@code the plan's target.endpoint}), the side it serves. */
    public record Named(URI endpoint, String by, String side) {
        /** The one line a person reads when no DynamoDB answers here, {@code why} saying what happened instead. */
        String refusal(String why) {
            return "no DynamoDB answers at " + endpoint + " (named by " + by + "): " + why + "; start DynamoDB there, or fix "
                    + by.replaceFirst(" in .*", "") + "; nothing was written";
        }
    }

    private final List<Named> named;

    PlanEndpoints(List<Named> named) {
        this.named = List.copyOf(named);
    }

    /**
     * The endpoints of a plan read from {@code file} and the options given for it (null: not given); refuses an option
     * that contradicts the plan's side.
     */
    public static PlanEndpoints of(JsonNode plan, Path file, URI sourceOption, URI targetOption, URI dynamoDbOption) {
        List<Named> named = new ArrayList<>();
        for (String side : List.of("source", "target")) {
            URI option = side.equals("source") ? sourceOption : targetOption;
            String optionName = "--" + side + "-dynamodb-endpoint";
            JsonNode written = plan.path(side).path("endpoint");
            String inPlan = written.isTextual() ? written.asText() : null;
            String planField = "the plan's " + side + ".endpoint";
            if (option != null) {
                refuseIf(inPlan != null && !Where.sameEndpoint(option.toString(), inPlan), optionName, option, planField, inPlan,
                        file);
                named.add(new Named(option, optionName, side));
            } else if (inPlan != null) {
                refuseIf(dynamoDbOption != null && !Where.sameEndpoint(dynamoDbOption.toString(), inPlan), "--dynamodb-endpoint",
                        dynamoDbOption, planField, inPlan, file);
                named.add(new Named(URI.create(inPlan), planField + " in " + file, side));
            } else if (dynamoDbOption != null) {
                named.add(new Named(dynamoDbOption, "--dynamodb-endpoint", side));
            }
        }
        return new PlanEndpoints(named);
    }

    private static void refuseIf(boolean contradicts, String option, URI given, String planField, String inPlan, Path file) {
        if (contradicts) {
            throw new IllegalArgumentException(option + " " + given + " contradicts " + planField + " " + inPlan + " (" + file
                    + "): a side's endpoint is named once; leave the option out to use the plan's, or edit the plan");
        }
    }

    /**
     * Calls each endpoint once, describing a table of {@code plan} on the side it serves through {@code own} (the
     * process's store, which reaches the plan's sides as a run does).
     */
    public void reach(ItemStore own, MigrationPlan plan) {
        if (named.isEmpty() || plan.tables().isEmpty()) {
            return;
        }
        String model = plan.tables().keySet().iterator().next();
        Set<String> reached = new HashSet<>();
        for (Named endpoint : named) {
            if (reached.add(Where.comparable(endpoint.endpoint().toString()))) {
                String table = endpoint.side().equals("source") ? plan.sourceTable(model) : plan.targetTable(model);
                reach(endpoint, () -> own.across(plan.sides()).describe(table));
            }
        }
    }

    /**
     * Makes {@code call} to {@code endpoint}; refuses the command when no DynamoDB answered. Any other failure (no
     * credentials, access denied) is DynamoDB's answer or not the endpoint's doing: the run meets it again and says so.
     */
    public static void reach(Named endpoint, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            Optional<String> why = unreachable(e);
            String refusedAt = RunOutOfReachException.refusedAt(e);
            if (refusedAt != null && !refusedAt.equals("the server") && !refusedAt.equalsIgnoreCase(endpoint.endpoint().getAuthority())) {
                // Another server refused (a side's STS): the run says which.
                return;
            }
            if (why.isPresent()) {
                throw new IllegalArgumentException(endpoint.refusal(why.get()), e);
            }
        }
    }

    /** What answered instead of DynamoDB, in a few words, when {@code failure} says none did; empty otherwise. */
    static Optional<String> unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return Optional.of("nothing listens there (connection refused)");
            }
            if (t instanceof UnknownHostException) {
                return Optional.of("its host " + hostOf(t) + " is unknown");
            }
            if (t instanceof SocketTimeoutException) {
                return Optional.of("it did not answer in time");
            }
            if (t instanceof AwsServiceException service && (service.awsErrorDetails() == null
                    || service.awsErrorDetails().errorCode() == null)) {
                // DynamoDB names every error it answers; a server that names none (an HTTP error page) is another.
                return Optional.of("the server there answers, but not as DynamoDB (HTTP " + service.statusCode() + ")");
            }
            if (String.valueOf(t.getMessage()).startsWith("Unable to unmarshall")) {
                return Optional.of("the server there answers, but not as DynamoDB (its answer is not DynamoDB's JSON)");
            }
        }
        return Optional.empty();
    }

    private static String hostOf(Throwable unknownHost) {
        String message = String.valueOf(unknownHost.getMessage());
        int colon = message.indexOf(':');
        return colon < 0 ? message : message.substring(0, colon);
    }
}
