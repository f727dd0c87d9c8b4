package dev.dmig.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The condition expression of a {@link GuardedWrite}: {@code attribute_not_exists} of the partition key for a key
 * expected empty; for an expected item, the key's presence and each of its attributes equal to the expected value.
 * DynamoDB takes an expression of at most 4 KB: an item with more attributes than fit is compared on its change stamps
 * first ({@code _version}, {@code _lastChangedAt}, {@code updatedAt}, which Amplify and DataStore change on every
 * update), then on as many of its other attributes as fit.
 */
record Conditions(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    static final List<String> STAMPS = List.of("_version", "_lastChangedAt", "updatedAt");
    /** Room kept below DynamoDB's 4 KB expression limit. */
    static final int MAX_EXPRESSION = 3_900;

    static Conditions of(GuardedWrite write) {
        Map<String, String> names = new HashMap<>();
        names.put("#k", write.hashKey());
        if (write.expected() == null) {
            return new Conditions("attribute_not_exists(#k)", names, Map.of());
        }
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder expression = new StringBuilder("attribute_exists(#k)");
        for (String attribute : compared(write.expected())) {
            String clause = " AND #a" + names.size() + " = :v" + values.size();
            if (expression.length() + clause.length() > MAX_EXPRESSION) {
                break;
            }
            names.put("#a" + names.size(), attribute);
            values.put(":v" + values.size(), write.expected().get(attribute));
            expression.append(clause);
        }
        return new Conditions(expression.toString(), names, values);
    }

    /** The expected item's attributes in the order they are compared: the change stamps first, then the rest by name. */
    private static List<String> compared(Map<String, AttributeValue> expected) {
        List<String> order = new ArrayList<>();
        STAMPS.stream().filter(expected::containsKey).forEach(order::add);
        expected.keySet().stream().filter(a -> !STAMPS.contains(a)).sorted().forEach(order::add);
        return order;
    }
}
