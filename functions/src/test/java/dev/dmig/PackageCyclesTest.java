package dev.dmig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of functions.jar depend on each other one way: the phases on the run and the stores,
 * never back. Read from the sources' imports; a new cycle fails here with the imports that close it.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/dmig");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.dmig\\.([a-z.]+)\\.([A-Z]\\w*)", Pattern.MULTILINE);

    @Test
    void packagesFormNoCycle() {
        Map<String, Map<String, Set<String>>> graph = imports();
        assertThat(graph).as("packages found under %s", SOURCES.toAbsolutePath()).containsKeys("analysis", "migrate", "store");
        List<Set<String>> cycles = new Tarjan(graph).cycles();
        List<String> described = new ArrayList<>();
        for (Set<String> cycle : cycles) {
            StringBuilder text = new StringBuilder(String.join(" <-> ", cycle) + ":");
            for (String from : cycle) {
                graph.get(from).forEach((to, why) -> {
                    if (cycle.contains(to)) {
                        text.append("\n  ").append(from).append(" -> ").append(to).append(' ').append(why);
                    }
                });
            }
            described.add(text.toString());
        }
        assertThat(described).as("package cycles in functions").isEmpty();
    }

    /** Package → package it imports → "File -> Type" pairs that import it. */
    private static Map<String, Map<String, Set<String>>> imports() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(file.getParent());
                String from = dir.toString().isEmpty() ? "(root)" : dir.toString().replace('/', '.');
                Map<String, Set<String>> edges = graph.computeIfAbsent(from, p -> new TreeMap<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        edges.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(file.getFileName() + " -> " + m.group(2));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** Strongly connected components of more than one package. */
    private static final class Tarjan {
        private final Map<String, Map<String, Set<String>>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> cycles = new ArrayList<>();

        Tarjan(Map<String, Map<String, Set<String>>> graph) {
            this.graph = graph;
        }

        List<Set<String>> cycles() {
            graph.keySet().forEach(p -> {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            });
            return cycles;
        }

        private void visit(String p) {
            index.put(p, index.size());
            low.put(p, index.get(p));
            stack.push(p);
            onStack.add(p);
            for (String q : graph.getOrDefault(p, Map.of()).keySet()) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    component.add(q);
                } while (!q.equals(p));
                if (component.size() > 1) {
                    cycles.add(component);
                }
            }
        }
    }
}
