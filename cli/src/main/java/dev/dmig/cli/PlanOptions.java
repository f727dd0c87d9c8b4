package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.PlanEndpoints;
import dev.dmig.cli.runs.PlanFile;
import dev.dmig.cli.runs.RunIds;
import dev.dmig.cli.runs.Where;
import dev.dmig.identity.IdentityCsv;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanParser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The plan file and the new run's name, for the commands that start a run from a plan. */
final class PlanOptions {
    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The migration plan (JSON).")
    Path plan;

    @Option(names = "--run", paramLabel = "ID", description = "Name for the new run (default: a generated, sortable ID).")
    String runId;

    @Mixin
    SourceEndpoint sourceEndpoint = new SourceEndpoint();

    @Option(names = "--target-dynamodb-endpoint", paramLabel = "URL",
            description = "Write the target tables to the DynamoDB (Local) at URL (local runs; written into the run's plan as target.endpoint).")
    URI targetEndpoint;

    @Option(names = "--source-cognito-endpoint", paramLabel = "URL", converter = Where.EndpointUrl.class,
            description = "Read the source's user pool (source.userPoolId) from the server standing in for Cognito at URL "
                    + "(cognito-local; local runs; written into the run's plan as source.userPoolEndpoint).")
    URI sourceCognitoEndpoint;

    @Option(names = "--target-cognito-endpoint", paramLabel = "URL", converter = Where.EndpointUrl.class,
            description = "Read the target's user pool (target.userPoolId) from the server at URL (cognito-local; local runs; "
                    + "written into the run's plan as target.userPoolEndpoint).")
    URI targetCognitoEndpoint;

    @Option(names = "--map", paramLabel = "MODEL:SOURCE_ID=TARGET_ID",
            description = "Pair a source record by hand with a record the target already holds (repeatable): its new ID is "
                    + "that record's, wherever it is referenced; the table must have a match in the plan (written into the "
                    + "run's plan as the table's match.pins).")
    java.util.List<String> pins = new java.util.ArrayList<>();

    @Option(names = "--map-csv", paramLabel = "FILE",
            description = "Pins as --map gives them, one a line: MODEL,SOURCE_ID,TARGET_ID (a header line of those names is skipped).")
    Path pinsCsv;

    /** The identity map the plan names, read and checked by {@link #plan}; null when it names none. */
    byte[] identities;

    /** The DynamoDB endpoints the plan's sides have, and who named them, as {@link #plan} found them. */
    PlanEndpoints endpoints;

    /** The run ID given, or a new one (the same on every call). */
    String runId() {
        if (runId == null) {
            runId = RunIds.next();
        }
        return runId;
    }

    /**
     * The plan file, with the endpoints given on the command line written into its sides; an endpoint option that
     * contradicts the plan's side ({@code where}'s --dynamodb-endpoint included) is refused.
     */
    JsonNode plan(Where where) {
        JsonNode read = PlanFile.read(plan);
        endpoints = PlanEndpoints.of(read, plan, sourceEndpoint.url, targetEndpoint, where.dynamoDbEndpoint);
        identities = identityFile(plan, read);
        java.util.List<String> allPins = new java.util.ArrayList<>(pins);
        if (pinsCsv != null) {
            allPins.addAll(MatchPins.readCsv(pinsCsv));
        }
        MatchPins.write(read, allPins, plan);
        if (sourceEndpoint.url == null && targetEndpoint == null && sourceCognitoEndpoint == null && targetCognitoEndpoint == null) {
            if (!allPins.isEmpty()) {
                PlanParser.parse(Json.bytes(read));
            }
            return read;
        }
        ObjectNode sides = (ObjectNode) read;
        put(sides, "source", "endpoint", sourceEndpoint.url);
        put(sides, "target", "endpoint", targetEndpoint);
        put(sides, "source", "userPoolEndpoint", sourceCognitoEndpoint);
        put(sides, "target", "userPoolEndpoint", targetCognitoEndpoint);
        PlanParser.parse(Json.bytes(sides));
        return sides;
    }

    private static void put(ObjectNode plan, String side, String field, URI value) {
        if (value != null) {
            ((ObjectNode) plan.get(side)).put(field, value.toString());
        }
    }

    /**
     * The file of the plan's {@code identities.csv}, named relative to the plan file, read and checked before anything
     * starts: a broken map never opens a run.
     */
    static byte[] identityFile(Path plan, JsonNode read) {
        JsonNode csv = read.path("identities").path("csv");
        if (!csv.isTextual()) {
            return null;
        }
        Path parent = plan.toAbsolutePath().getParent();
        Path file = parent.resolve(csv.asText());
        byte[] bytes;
        try {
            // Refused before it is read: a file of gigabytes would not fit in memory.
            String tooLarge = IdentityCsv.tooLarge(csv.asText(), Files.size(file));
            if (tooLarge != null) {
                throw new IllegalArgumentException(tooLarge);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("identity map " + file + " does not exist (the plan's identities.csv, "
                    + csv.asText() + ", is read relative to the plan file " + plan + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read identity map " + file + ": " + e.getMessage());
        }
        IdentityCsv.parse(csv.asText(), bytes);
        return bytes;
    }
}
