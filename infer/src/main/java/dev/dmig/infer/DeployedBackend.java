package dev.dmig.infer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What one environment of an Amplify Gen 1 app deployed, read from {@code amplify-meta.json} in the
 * {@value #ZIP} its deployment bucket holds (the CLI reads other environments the same way): each resource's
 * {@code output}, of which discovery takes the API's ID ({@code api.<name>.output.GraphQLAPIIdOutput}), the user and
 * identity pools ({@code auth.<name>.output.UserPoolId}, {@code IdentityPoolId}) and the Storage bucket
 * ({@code storage.<name>.output.BucketName}, {@code Region}). Each value keeps where it was found.
 *
 * @param environment the environment it was deployed as
 * @param read        what was read ({@code s3://<bucket>/#current-cloud-backend.zip})
 * @param api         the GraphQL API: its resource name and ID
 * @param userPool    the user pool's ID; null when the app has no auth
 * @param identityPool the identity pool's ID; null when none
 * @param storage     the Storage bucket's name; null when the app has no Storage
 * @param storageRegion the Storage bucket's region; null when not said
 */
public record DeployedBackend(String environment, String read, Found api, Found userPool, Found identityPool, Found storage,
                              Found storageRegion) {
    /** The file each deployment bucket holds, the deployed backend folder zipped. */
    public static final String ZIP = "#current-cloud-backend.zip";
    private static final String META = "amplify-meta.json";

    /**
     * A value and where it was found.
     *
     * @param resource the resource it is an output of (the API's name, for {@link #api})
     * @param value    the value
     * @param where    the file and field ({@code amplify-meta.json api.app.output.GraphQLAPIIdOutput})
     */
    public record Found(String resource, String value, String where) {}

    /** The suffix of the environment's tables, {@code -<apiId>-<env>}: each model's table is {@code <Model>-<apiId>-<env>}. */
    public String tableSuffix() {
        return "-" + api.value() + "-" + environment;
    }

    /** Every value found, in the order they are printed. */
    public List<Found> found() {
        List<Found> found = new ArrayList<>();
        for (Found value : new Found[] {api, userPool, identityPool, storage, storageRegion}) {
            if (value != null) {
                found.add(value);
            }
        }
        return found;
    }

    /**
     * The tables of the schema's models that this environment lacks ({@code exists} says whether a table is there): each
     * model the schema declares, join models included, has its table {@code <Model>-<apiId>-<env>} in every environment.
     */
    public List<String> missingTables(AppSchema schema, Predicate<String> exists) {
        return schema.models().stream().map(m -> m.name() + tableSuffix()).filter(t -> !exists.test(t)).toList();
    }

    /** Reads {@code amplify-meta.json} from the zip's bytes ({@code read} names where they came from). */
    public static DeployedBackend read(String environment, String read, byte[] zip) {
        JsonNode meta = meta(read, zip);
        Found api = output(meta, "api", "GraphQLAPIIdOutput", read);
        if (api == null) {
            throw new AmplifyProjectException(read + ": " + META + " has no API with a GraphQLAPIIdOutput: environment " + environment
                    + " deployed no GraphQL API, so it has no model tables (amplify push --env " + environment + ")");
        }
        return new DeployedBackend(environment, read, api, output(meta, "auth", "UserPoolId", read),
                output(meta, "auth", "IdentityPoolId", read), output(meta, "storage", "BucketName", read),
                output(meta, "storage", "Region", read));
    }

    /** The zip's {@code amplify-meta.json}, at its root. */
    private static JsonNode meta(String read, byte[] zip) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            boolean entries = false;
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries = true;
                if (entry.getName().equals(META)) {
                    JsonNode tree = Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    if (tree == null || !tree.isObject()) {
                        throw new AmplifyProjectException(read + ": its " + META + " is not an object of categories");
                    }
                    return tree;
                }
            }
            throw new AmplifyProjectException(read + ": " + (entries ? "no " + META + " at its root" : "not a zip file")
                    + ": not what the Amplify CLI deploys; push the environment again (amplify push)");
        } catch (JacksonException e) {
            throw new AmplifyProjectException(read + ": its " + META + " is not JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new AmplifyProjectException(read + ": not a zip file (" + e.getMessage() + ")");
        }
    }

    /**
     * The one output {@code field} of the category's resources; null when none has it, refused when several do (dmig would
     * have to guess which one the app's data is of).
     */
    private static Found output(JsonNode meta, String category, String field, String read) {
        List<Found> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : meta.path(category).properties()) {
            JsonNode value = resource.getValue().path("output").get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                found.add(new Found(resource.getKey(), value.asText(), META + " " + category + "." + resource.getKey() + ".output." + field));
            }
        }
        if (found.size() > 1) {
            throw new AmplifyProjectException(read + ": " + found.size() + " resources of " + category + " have an output " + field
                    + " (" + String.join(", ", found.stream().map(Found::resource).toList()) + "): dmig infer --amplify reads an app"
                    + " with one; give its options instead (--source-suffix, …)");
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
