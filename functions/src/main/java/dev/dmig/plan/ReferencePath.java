package dev.dmig.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a reference lives inside an item: {@code a}, {@code a.b}, {@code a[]}, {@code a[].b} and
 * deeper combinations. Each step names an attribute; {@code []} means "every element of this
 * list or string set".
 */
public record ReferencePath(String text, List<Step> steps) {

    /** One attribute name along the path, and whether its value is a list to walk. */
    public record Step(String name, boolean each) {}

    public ReferencePath {
        steps = List.copyOf(steps);
    }

    /** The top-level attribute the path starts at. */
    public String attribute() {
        return steps.get(0).name();
    }

    /** Parses plan syntax; throws {@link IllegalArgumentException} with the reason when malformed. */
    public static ReferencePath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the path is empty");
        }
        List<Step> steps = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            boolean each = part.endsWith("[]");
            String name = each ? part.substring(0, part.length() - 2) : part;
            if (name.isEmpty()) {
                throw new IllegalArgumentException("path '" + text + "' has an empty attribute name");
            }
            if (name.contains("[") || name.contains("]") || name.isBlank()) {
                throw new IllegalArgumentException("path '" + text + "' is not of the form a, a.b, a[] or a[].b");
            }
            steps.add(new Step(name, each));
        }
        return new ReferencePath(text, steps);
    }

    @Override
    public String toString() {
        return text;
    }
}
