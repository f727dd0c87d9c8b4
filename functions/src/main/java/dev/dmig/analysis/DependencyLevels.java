package dev.dmig.analysis;

import dev.dmig.plan.MigrationPlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders models so that parents are written before children: level = 1 + the longest reference
 * path to a model without references. Self-references are ignored and the models of one
 * reference cycle share a level. Order serves a live target's safety, not ID resolution.
 */
public final class DependencyLevels {
    private DependencyLevels() {}

    /** Levels of the migrated models, first level first; models keep plan order within a level. */
    public static List<List<String>> of(MigrationPlan plan) {
        List<String> models = plan.migratedModels();
        Map<String, Set<String>> edges = new HashMap<>();
        for (String model : models) {
            Set<String> targets = new LinkedHashSet<>();
            for (String target : plan.table(model).referencedModels()) {
                if (!target.equals(model) && models.contains(target)) {
                    targets.add(target);
                }
            }
            edges.put(model, targets);
        }
        return of(models, edges);
    }

    /**
     * For each model of {@code levels}, the models of earlier levels whose copies it waits for: those it refers to, and
     * those the other models of its reference cycle refer to (a cycle's models start together, as their level would).
     */
    public static Map<String, List<String>> parents(MigrationPlan plan, List<List<String>> levels) {
        Map<String, Integer> levelOf = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            for (String model : levels.get(i)) {
                levelOf.put(model, i);
            }
        }
        Map<String, List<String>> parents = new LinkedHashMap<>();
        for (List<String> level : levels) {
            for (String model : level) {
                int own = levelOf.get(model);
                Set<String> earlier = new LinkedHashSet<>();
                Set<String> cycle = new HashSet<>(List.of(model));
                Deque<String> todo = new ArrayDeque<>(cycle);
                while (!todo.isEmpty()) {
                    for (String target : plan.table(todo.pop()).referencedModels()) {
                        Integer other = levelOf.get(target);
                        if (other != null && other < own) {
                            earlier.add(target);
                        } else if (other != null && other == own && cycle.add(target)) {
                            todo.push(target);
                        }
                    }
                }
                parents.put(model, List.copyOf(earlier));
            }
        }
        return parents;
    }

    static List<List<String>> of(List<String> models, Map<String, Set<String>> edges) {
        Map<String, Integer> component = new Tarjan(models, edges).components();
        Map<Integer, Integer> level = new HashMap<>();
        for (String model : models) {
            levelOf(component.get(model), models, edges, component, level);
        }
        int max = level.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<List<String>> levels = new ArrayList<>();
        for (int i = 1; i <= max; i++) {
            levels.add(new ArrayList<>());
        }
        for (String model : models) {
            levels.get(level.get(component.get(model)) - 1).add(model);
        }
        return levels;
    }

    private static int levelOf(int c, List<String> models, Map<String, Set<String>> edges,
                               Map<String, Integer> component, Map<Integer, Integer> level) {
        Integer known = level.get(c);
        if (known != null) {
            return known;
        }
        int deepest = 0;
        for (String model : models) {
            if (component.get(model) != c) {
                continue;
            }
            for (String target : edges.get(model)) {
                int other = component.get(target);
                if (other != c) {
                    // Components form a DAG, so this recursion terminates.
                    deepest = Math.max(deepest, levelOf(other, models, edges, component, level));
                }
            }
        }
        level.put(c, deepest + 1);
        return deepest + 1;
    }

    /** Tarjan's strongly connected components, iterative so deep graphs cannot overflow the stack. */
    private static final class Tarjan {
        private final List<String> models;
        private final Map<String, Set<String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new java.util.HashSet<>();
        private final Map<String, Integer> component = new HashMap<>();
        private int counter;
        private int components;

        Tarjan(List<String> models, Map<String, Set<String>> edges) {
            this.models = models;
            this.edges = edges;
        }

        Map<String, Integer> components() {
            for (String model : models) {
                if (!index.containsKey(model)) {
                    visit(model);
                }
            }
            return component;
        }

        private void visit(String root) {
            Deque<Object[]> work = new ArrayDeque<>();
            enter(root);
            work.push(new Object[] {root, new ArrayList<>(edges.get(root)).iterator()});
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String node = (String) frame[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> next = (java.util.Iterator<String>) frame[1];
                if (next.hasNext()) {
                    String target = next.next();
                    if (!index.containsKey(target)) {
                        enter(target);
                        work.push(new Object[] {target, new ArrayList<>(edges.get(target)).iterator()});
                    } else if (onStack.contains(target)) {
                        low.put(node, Math.min(low.get(node), index.get(target)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.put(member, components);
                    } while (!member.equals(node));
                    components++;
                }
            }
        }

        private void enter(String node) {
            index.put(node, counter);
            low.put(node, counter);
            counter++;
            stack.push(node);
            onStack.add(node);
        }
    }
}
