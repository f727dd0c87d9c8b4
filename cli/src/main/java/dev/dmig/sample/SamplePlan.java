// SPDX-License-Identifier: Apache-2.0
package dev.dmig.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The migration plan shipped for the sample app ({@code sample/plan.json} on the class path):
 * every model, every reference path, {@code Auth} skipped, {@code AppPreferences} and
 * {@code SecureConfig} keeping their IDs.
 */
public final class SamplePlan {

    public static final String DEV_SUFFIX = "-fvn7t5hbobaxjklhrqzdl4ac34-NONE";
    public static final String PROD_SUFFIX = "-aqnqdrctpzfwfjwyxxsmu6peoq-NONE";
    public static final String ID_NAMESPACE = "aqnqdrctpzfwfjwyxxsmu6peoq-NONE";
    public static final String RESOURCE = "/sample/plan.json";

    private SamplePlan() {
    }

    /** The plan text exactly as shipped, for the demo suffixes. */
    public static String json() {
        try (InputStream in = SamplePlan.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + RESOURCE, e);
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
