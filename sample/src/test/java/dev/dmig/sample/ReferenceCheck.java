package dev.dmig.sample;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Follows every reference path of a plan through generated data and counts, per "Model.path",
 * what each value turned out to be. Written against the plan text, not the generator, so a
 * generator change that breaks a relationship shows up here.
 */
record ReferenceCheck(Map<String, Integer> resolved, Map<String, Integer> orphans, Map<String, Integer> nulls,
                      Map<String, Integer> empties, Map<String, Integer> notStrings) {

    static ReferenceCheck of(SampleData data, PlanFile plan) {
        Map<String, Set<String>> idsByModel = new HashMap<>();
        for (PlanFile.TableEntry table : plan.tables().values()) {
            Set<String> ids = new HashSet<>();
            data.items(table.model()).forEach(item -> ids.add(item.get(table.idAttribute()).s()));
            idsByModel.put(table.model(), ids);
        }
        ReferenceCheck check = new ReferenceCheck(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                new TreeMap<>(), new TreeMap<>());
        for (PlanFile.TableEntry table : plan.tables().values()) {
            table.references().forEach((path, referenced) -> {
                String key = table.model() + "." + path;
                Set<String> targets = idsByModel.get(referenced);
                data.items(table.model()).forEach(item -> {
                    for (AttributeValue value : ReferencePaths.values(item, path)) {
                        check.count(key, value, targets);
                    }
                });
            });
        }
        return check;
    }

    private void count(String key, AttributeValue value, Set<String> targets) {
        if (Boolean.TRUE.equals(value.nul())) {
            nulls.merge(key, 1, Integer::sum);
        } else if (value.s() == null) {
            notStrings.merge(key, 1, Integer::sum);
        } else if (value.s().isEmpty()) {
            empties.merge(key, 1, Integer::sum);
        } else if (targets.contains(value.s())) {
            resolved.merge(key, 1, Integer::sum);
        } else {
            orphans.merge(key, 1, Integer::sum);
        }
    }

    static Map<String, Integer> documentedOrphans() {
        Map<String, Integer> expected = new TreeMap<>();
        SampleData.orphans().forEach(o -> expected.put(o.model() + "." + o.path(), o.count()));
        return expected;
    }
}
