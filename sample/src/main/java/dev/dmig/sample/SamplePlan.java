package dev.dmig.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The migration plan shipped for the sample app ({@code sample/plan.json} on the class path):
 * every model, every reference path, every identity its users left in the items (mapped by the identity
 * map shipped beside it, {@code sample/identities.csv}), {@code Auth} skipped, {@code AppPreferences} and
 * {@code SecureConfig} keeping their IDs.
 */
public final class SamplePlan {

    public static final String DEV_SUFFIX = "-fvn7t5hbobaxjklhrqzdl4ac34-NONE";
    public static final String PROD_SUFFIX = "-aqnqdrctpzfwfjwyxxsmu6peoq-NONE";
    public static final String ID_NAMESPACE = "aqnqdrctpzfwfjwyxxsmu6peoq-NONE";
    public static final String RESOURCE = "/sample/plan.json";
    /** The identity map, dev user → prod user, as shipped. */
    public static final String IDENTITIES_RESOURCE = "/sample/identities.csv";
    /** The sample app's Amplify API as its project holds it ({@code amplify/backend/api/<name>/}): the schema and its conflict config. */
    public static final String[] API_RESOURCES = {"/sample/schema.graphql", "/sample/transform.conf.json"};
    /** The name the plan gives its identity map: a file beside the plan file. */
    public static final String IDENTITIES_FILE = "sample-identities.csv";

    private SamplePlan() {
    }

    /** The plan text exactly as shipped, for the demo suffixes. */
    public static String json() {
        return new String(resource(RESOURCE), StandardCharsets.UTF_8);
    }

    /** The identity map the plan names ({@link #IDENTITIES_FILE}), as shipped: the sample's users, dev sub → prod sub. */
    public static byte[] identities() {
        return resource(IDENTITIES_RESOURCE);
    }

    /** Writes the sample app's Amplify API files into {@code apiFolder}, as an Amplify Gen 1 project holds them. */
    public static void writeApi(Path apiFolder) throws IOException {
        Files.createDirectories(apiFolder);
        for (String name : API_RESOURCES) {
            Files.write(apiFolder.resolve(name.substring(name.lastIndexOf('/') + 1)), resource(name));
        }
    }

    /** Writes {@code planJson} to {@code planFile}, and the identity map it names beside it, as the plan reads it. */
    public static void write(Path planFile, String planJson) throws IOException {
        Files.writeString(planFile, planJson, StandardCharsets.UTF_8);
        Files.write(planFile.resolveSibling(IDENTITIES_FILE), identities());
    }

    private static byte[] resource(String name) {
        try (InputStream in = SamplePlan.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + name, e);
        }
    }

    /**
     * The same plan between other suffixes, e.g. per-test tables; the ID namespace follows the
     * target suffix the way dmig's default does (leading '-' removed).
     */
    public static String json(String sourceSuffix, String targetSuffix) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            ObjectNode plan = (ObjectNode) mapper.readTree(json());
            ((ObjectNode) plan.get("source")).put("tableSuffix", sourceSuffix);
            ((ObjectNode) plan.get("target")).put("tableSuffix", targetSuffix);
            plan.put("idNamespace", targetSuffix.startsWith("-") ? targetSuffix.substring(1) : targetSuffix);
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("class path resource " + RESOURCE + " is not valid JSON", e);
        }
    }
}
