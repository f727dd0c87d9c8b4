package dev.dmig.infer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Amplify Gen 1 project folder as the Amplify CLI leaves it: {@code amplify/team-provider-info.json}, committed, names
 * every environment with its root stack ({@code awscloudformation}: {@code Region}, {@code DeploymentBucketName},
 * {@code StackName}, {@code AmplifyAppId}), and {@code amplify/backend/api/<name>/} holds the API's schema. What each
 * environment deployed is in its deployment bucket ({@link DeployedBackend}), not here. Reads only.
 */
public final class AmplifyProject {
    /** Where the environments are listed, relative to the project folder. */
    public static final String TEAM_PROVIDER_INFO = "amplify/team-provider-info.json";

    private final Path folder;
    private final JsonNode environments;

    private AmplifyProject(Path folder, JsonNode environments) {
        this.folder = folder;
        this.environments = environments;
    }

    /**
     * One environment's root stack as {@code team-provider-info.json} lists it.
     *
     * @param name             the environment ({@code dev}, {@code prod})
     * @param region           its region ({@code awscloudformation.Region})
     * @param deploymentBucket the bucket the CLI deploys it from ({@code awscloudformation.DeploymentBucketName})
     * @param stackName        its root stack ({@code awscloudformation.StackName}; null when not listed)
     * @param appId            its Amplify app ({@code awscloudformation.AmplifyAppId}; null when not listed)
     */
    public record Environment(String name, String region, String deploymentBucket, String stackName, String appId) {
        /** Where a field of this environment is read, as the lines that say where each value was found name it. */
        public String field(String field) {
            return TEAM_PROVIDER_INFO + " " + name + ".awscloudformation." + field;
        }
    }

    /** Reads {@code folder}'s {@code amplify/team-provider-info.json}; refused in one line when it is not there or not JSON. */
    public static AmplifyProject read(Path folder) {
        Path file = folder.resolve(TEAM_PROVIDER_INFO);
        if (!Files.isRegularFile(file)) {
            throw new AmplifyProjectException("--amplify " + folder + ": no " + TEAM_PROVIDER_INFO + " there: give the folder of an"
                    + " Amplify Gen 1 project (the one holding amplify/), with its environments pulled or initialized");
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(Files.readString(file));
            if (tree == null || !tree.isObject()) {
                throw new AmplifyProjectException(file + ": not an object of environments, as the Amplify CLI writes it");
            }
            return new AmplifyProject(folder, tree);
        } catch (JacksonException e) {
            throw new AmplifyProjectException(file + ": not JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new AmplifyProjectException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The project folder given. */
    public Path folder() {
        return folder;
    }

    /** The environments listed, in the file's order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        environments.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The environment {@code name} ({@code option} names where it was asked for, {@code --from} or {@code --to}); refused in
     * one line naming the environments the file has, or the field an environment lacks.
     */
    public Environment environment(String name, String option) {
        JsonNode stack = environments.path(name).path("awscloudformation");
        if (!environments.has(name)) {
            throw new AmplifyProjectException(option + " " + name + ": " + TEAM_PROVIDER_INFO + " has no environment " + name + " (it has "
                    + (names().isEmpty() ? "none" : String.join(", ", names())) + "): name one of them, or run amplify env pull --envName "
                    + name + " in the project first");
        }
        Environment environment = new Environment(name, text(stack, "Region"), text(stack, "DeploymentBucketName"),
                text(stack, "StackName"), text(stack, "AmplifyAppId"));
        for (String field : List.of("Region", "DeploymentBucketName")) {
            if (text(stack, field) == null) {
                throw new AmplifyProjectException(environment.field(field) + " is missing: the environment was never pushed"
                        + " (amplify push --env " + name + ")");
            }
        }
        return environment;
    }

    /** The API's folder, {@code amplify/backend/api/<api>/}: its schema.graphql or schema/ folder; refused when absent. */
    public Path apiFolder(String api) {
        Path path = folder.resolve("amplify/backend/api").resolve(api);
        if (!Files.isDirectory(path)) {
            throw new AmplifyProjectException("--amplify " + folder + ": no amplify/backend/api/" + api + "/ (the API the environments"
                    + " deployed): pull the project's backend (amplify pull) or give the project folder it is in");
        }
        return path;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
