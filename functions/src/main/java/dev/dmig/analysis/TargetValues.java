package dev.dmig.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scan of one target table segment found of its {@code unique} attributes, stored at
 * {@code runs/<runId>/analysis/target/<table>/<segment>.json} so the scan can resume.
 */
final class TargetValues {
    public String model;
    public int segment;
    public boolean done;
    public JsonNode lastEvaluatedKey;
    public Map<String, List<String>> values = new LinkedHashMap<>();

    TargetValues() {}

    TargetValues(String model, int segment) {
        this.model = model;
        this.segment = segment;
    }

    void add(String attribute, String entry) {
        values.computeIfAbsent(attribute, a -> new ArrayList<>()).add(entry);
    }
}
