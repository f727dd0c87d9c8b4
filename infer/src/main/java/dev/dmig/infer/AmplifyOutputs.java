package dev.dmig.infer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.infer.DeployedBackend.Found;
import dev.dmig.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One branch (or sandbox) of an Amplify Gen 2 app as {@code npx ampx generate outputs --branch B} writes it down in
 * {@code amplify_outputs.json}: the data API's GraphQL URL and region ({@code data.url}, {@code data.aws_region}), the
 * user and identity pools ({@code auth.user_pool_id}, {@code auth.identity_pool_id}) and the Storage bucket
 * ({@code storage.bucket_name}, or the one of {@code storage.buckets[]}). It names no API ID and no table: those are
 * AppSync's to say ({@link AppSyncTables}). Each value keeps the file and field it came from. Reads only.
 *
 * @param file          the file, as given
 * @param dataUrl       the GraphQL API's URL ({@code data.url})
 * @param region        the API's region, where its tables are ({@code data.aws_region})
 * @param userPool      the user pool's ID; null when the branch has no auth
 * @param identityPool  the identity pool's ID; null when none
 * @param storage       the Storage bucket's name; null when the branch has no Storage
 * @param storageRegion the Storage bucket's region; null when not said
 * @param schema        whether it holds the data's model introspection ({@code data.model_introspection})
 */
public record AmplifyOutputs(Path file, Found dataUrl, Found region, Found userPool, Found identityPool, Found storage,
                             Found storageRegion, boolean schema) {
    /** Every value found, in the order they are printed. */
    public List<Found> found() {
        List<Found> found = new ArrayList<>();
        for (Found value : new Found[] {dataUrl, region, userPool, identityPool, storage, storageRegion}) {
            if (value != null) {
                found.add(value);
            }
        }
        return found;
    }

    /**
     * Reads {@code file} ({@code option} names where it was given, {@code --from-outputs}); refused in one line when it is
     * not there, not JSON, or has no data API (a branch without one has no model tables).
     */
    public static AmplifyOutputs read(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new AmplifyProjectException(option + " " + file + ": no such file: give the amplify_outputs.json of the branch"
                    + " (npx ampx generate outputs --branch <branch> writes it)");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new AmplifyProjectException(option + " " + file + ": not JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new AmplifyProjectException(option + " " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        String name = file.toString();
        Found url = text(root, "data", "url", name);
        Found region = text(root, "data", "aws_region", name);
        if (url == null || region == null) {
            throw new AmplifyProjectException(option + " " + file + ": no " + (url == null ? "data.url" : "data.aws_region") + ": the"
                    + " branch deployed no data API, so it has no model tables (deploy it, then npx ampx generate outputs again)");
        }
        return new AmplifyOutputs(file, url, region, text(root, "auth", "user_pool_id", name), text(root, "auth", "identity_pool_id", name),
                bucket(root, option, file), text(root, "storage", "aws_region", name), root.path("data").path("model_introspection").isObject());
    }

    /** {@code storage.bucket_name}, else the one bucket of {@code storage.buckets[]}; refused when there are several and no default. */
    private static Found bucket(JsonNode root, String option, Path file) {
        String name = file.toString();
        Found bucket = text(root, "storage", "bucket_name", name);
        JsonNode buckets = root.path("storage").path("buckets");
        if (bucket != null || !buckets.isArray() || buckets.isEmpty()) {
            return bucket;
        }
        if (buckets.size() > 1) {
            throw new AmplifyProjectException(option + " " + file + ": storage.buckets lists " + buckets.size() + " buckets and"
                    + " storage.bucket_name names no default: dmig reads an app with one; give its options instead"
                    + " (--source-storage-bucket, …)");
        }
        JsonNode value = buckets.get(0).get("bucket_name");
        return value == null || !value.isTextual() || value.asText().isBlank() ? null
                : new Found("storage", value.asText(), name + " storage.buckets[0].bucket_name");
    }

    private static Found text(JsonNode root, String category, String field, String file) {
        JsonNode value = root.path(category).get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null
                : new Found(category, value.asText(), file + " " + category + "." + field);
    }
}
