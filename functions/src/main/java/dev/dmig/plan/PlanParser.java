package dev.dmig.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.dmig.json.Json;
import dev.dmig.store.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a plan file and checks everything that can be checked without touching a table. Every
 * problem is collected and reported at once, each naming the table and attribute.
 */
public final class PlanParser {
    /** Keys of the plan that no section reads: for the person who writes it. */
    private static final Set<String> NOTES = Set.of("$schema", "comment");
    private static final Set<String> TOP_LEVEL = topLevel(NOTES, SidesSection.KEYS, RunSection.KEYS, TablesSection.KEYS,
            PlanSections.keys());
    /** Strict about what a person can get wrong: duplicate keys, text after the plan, decimals beyond double. */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** How the one problem of a plan that is no JSON begins; the line and column follow, then what is wrong. */
    public static final String NOT_JSON = "the plan is not valid JSON";

    private PlanParser() {}

    /** The keys a plan may hold at its top level in this build: the core's and its features' (it refuses any other). */
    public static Set<String> planKeys() {
        return TOP_LEVEL;
    }

    /** The keys a table's entry may hold in this build: the core's and its features' (it refuses any other). */
    public static Set<String> tableKeys() {
        return TablesSection.tableKeys();
    }

    public static MigrationPlan parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    public static MigrationPlan parse(byte[] json) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new PlanInvalidException(List.of(Problem.plan(NOT_JSON + where + ": " + JsonSyntax.describe(e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new PlanInvalidException(List.of(Problem.plan("the plan must be a JSON object")));
        }
        return read(root, digest(json));
    }

    /** Each section read in turn, all of them whatever the others found, so that every problem is said at once. */
    private static MigrationPlan read(JsonNode root, String digest) {
        List<Problem> problems = new ArrayList<>();
        JsonSyntax.unknownKeys(root, TOP_LEVEL, null, "the plan", problems);
        SidesSection sides = new SidesSection(root, problems);
        String source = sides.suffix("source");
        String target = sides.suffix("target");
        sides.distinct(source, target);
        Account sourceAccount = sides.account("source");
        Account targetAccount = sides.account("target");
        String namespace = sides.namespace(target);
        RunSection run = new RunSection(root, problems);
        RunSection.Settings settings = run.settings();
        Map<String, TablePlan> tables = new TablesSection(root, problems).read(source, target);
        List<String> alongside = run.alongside();
        Map<Class<?>, Object> sections = PlanSections.read(new PlanSection.Reading(root, sides, tables, problems));
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
        return new MigrationPlan(source, target, namespace, settings.onConflict(), settings.segments(), settings.writeRateLimit(),
                settings.backup(), settings.backupBeforeWrite(), tables, digest, sourceAccount, targetAccount, alongside, sections);
    }

    @SafeVarargs
    private static Set<String> topLevel(Set<String>... sections) {
        Set<String> keys = new HashSet<>();
        for (Set<String> section : sections) {
            keys.addAll(section);
        }
        return Set.copyOf(keys);
    }

    private static String digest(byte[] json) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
