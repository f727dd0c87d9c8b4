package dev.dmig.contract;

import dev.dmig.run.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The keys of the objects a Distributed Map's {@code ItemReader} reads, as {@link RunLayout} declares them
 * ({@link RunLayout.ItemReaderKey}), and where the functions' code hands such an object to the state machine.
 */
final class ItemReaderKeys {
    /** Stands for an {@code int} argument while a key is built, then becomes {@code *}. */
    private static final int ANY_NUMBER = 987_654_321;

    private ItemReaderKeys() {}

    /** Each marked key builder's keys as an S3 key pattern ({@code *} for each argument), by method name. */
    static Map<String, String> declared() {
        Map<String, String> patterns = new TreeMap<>();
        for (Method method : RunLayout.class.getMethods()) {
            if (!method.isAnnotationPresent(RunLayout.ItemReaderKey.class)) {
                continue;
            }
            if (!Modifier.isStatic(method.getModifiers()) || method.getReturnType() != String.class) {
                throw new IllegalStateException("RunLayout." + method.getName() + " is marked @ItemReaderKey but builds no key");
            }
            Object[] arguments = Stream.of(method.getParameterTypes())
                    .map(type -> type == int.class ? (Object) ANY_NUMBER : "*").toArray();
            try {
                String key = (String) method.invoke(null, arguments);
                patterns.put(method.getName(), key.replace(String.valueOf(ANY_NUMBER), "*"));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot build a key with RunLayout." + method.getName(), e);
            }
        }
        return patterns;
    }

    /** A key handed to an ItemReader in the functions' sources: the RunLayout method that built it, or null when unknown. */
    record HandOver(String file, int line, String method) {}

    /** A call that hands its argument {@code keyArgument} (from 0) to an ItemReader, by class and method name. */
    private record Call(String type, String method, int keyArgument) {
        Pattern pattern(boolean inItsOwnFile) {
            String name = "new".equals(method) ? "new\\s+(?:\\w+\\.)?" + Pattern.quote(type)
                    : (inItsOwnFile ? "(?:" + Pattern.quote(type) + "\\.)?" : Pattern.quote(type) + "\\.") + Pattern.quote(method);
            return Pattern.compile("(?<![\\w.])" + name + "\\s*\\(");
        }
    }

    /** Step Functions reads an ItemReader's object from {@code {"bucket", "key"}}: {@code RunState.S3Object}. */
    private static final Call S3_OBJECT = new Call("S3Object", "new", 1);
    private static final Pattern METHOD = Pattern.compile(
            "(?:public|private|protected|static)[^;{}=()]*?\\s(\\w+)\\s*\\(([^)]*)\\)\\s*(?:throws[^{;]*)?\\{");

    /**
     * Every place the functions' code builds the object an ItemReader reads ({@code new RunState.S3Object(bucket, key)}),
     * followed back through the methods that pass a key of their callers on (such as {@code SegmentUnits.handOver}) to
     * where the key is built: a RunLayout method, named in the call or assigned to the variable the call passes.
     */
    static List<HandOver> handOvers(Path sources) {
        Map<Path, String> files = read(sources);
        List<HandOver> found = new ArrayList<>();
        List<Call> calls = new ArrayList<>(List.of(S3_OBJECT));
        for (int next = 0; next < calls.size(); next++) {
            Call call = calls.get(next);
            for (var file : files.entrySet()) {
                String text = file.getValue();
                Matcher at = call.pattern(file.getKey().getFileName().toString().equals(call.type() + ".java")).matcher(text);
                while (at.find()) {
                    List<String> arguments = arguments(text, at.end());
                    if (arguments == null || arguments.size() <= call.keyArgument()) {
                        continue; // a declaration, or another overload
                    }
                    String key = arguments.get(call.keyArgument()).trim();
                    Matcher built = Pattern.compile("^RunLayout\\.(\\w+)\\(").matcher(key);
                    String method = built.find() ? built.group(1) : key.matches("\\w+") ? assignedFrom(text, key) : null;
                    Call wrapper = method == null && key.matches("\\w+") ? passedOn(file.getKey(), text, at.start(), key) : null;
                    if (wrapper != null) {
                        if (!calls.contains(wrapper)) {
                            calls.add(wrapper);
                        }
                    } else {
                        found.add(new HandOver(sources.relativize(file.getKey()).toString(), line(text, at.start()), method));
                    }
                }
            }
        }
        return found;
    }

    private static Map<Path, String> read(Path sources) {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(sources)) {
            for (Path file : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
                files.put(file, withoutComments(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The source with every comment blanked out (line breaks kept, so line numbers stay). */
    private static String withoutComments(String text) {
        Matcher comment = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL).matcher(text);
        StringBuilder blanked = new StringBuilder();
        while (comment.find()) {
            comment.appendReplacement(blanked, Matcher.quoteReplacement(comment.group().replaceAll("[^\\n]", " ")));
        }
        return comment.appendTail(blanked).toString();
    }

    /**
     * The call's arguments, its text starting just after the opening parenthesis; null for a method's declaration
     * (a body follows the closing parenthesis).
     */
    private static List<String> arguments(String text, int from) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(text.substring(start, i));
                start = i + 1;
            } else if (c == ')') {
                arguments.add(text.substring(start, i));
                String after = text.substring(i + 1).stripLeading();
                return after.startsWith("{") || after.startsWith("throws") ? null : arguments;
            }
        }
        return null;
    }

    /** The RunLayout method whose result the file assigns to {@code variable}, or null. */
    private static String assignedFrom(String text, String variable) {
        Matcher assignment = Pattern.compile("\\b" + Pattern.quote(variable) + "\\s*=\\s*RunLayout\\.(\\w+)\\(").matcher(text);
        return assignment.find() ? assignment.group(1) : null;
    }

    /**
     * When {@code variable} is a parameter of the method the call at {@code offset} sits in, that method passes a key of
     * its callers on: the call to follow next. Null otherwise.
     */
    private static Call passedOn(Path file, String text, int offset, String variable) {
        Matcher method = METHOD.matcher(text);
        String name = null;
        String parameters = null;
        while (method.find() && method.start() < offset) {
            name = method.group(1);
            parameters = method.group(2);
        }
        if (name == null) {
            return null;
        }
        String[] declared = parameters.split(",");
        for (int i = 0; i < declared.length; i++) {
            if (declared[i].trim().endsWith(" " + variable)) {
                return new Call(file.getFileName().toString().replaceFirst("\\.java$", ""), name, i);
            }
        }
        return null;
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
