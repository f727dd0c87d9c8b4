package dev.dmig.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.faults.CognitoLocalServer;
import dev.dmig.faults.FaultProxy;
import dev.dmig.faults.WriteCapacity;
import dev.dmig.json.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole-app mode of the bench ({@code --dataset app}): the sample app with {@value Dataset#APP_USERS} users in two
 * cognito-local user pools paired by email and about a thousand Storage objects ({@link Dataset#app}), copied by a whole
 * {@code dmig migrate} and by the one-pass script a team would write, one table after another and every table at once;
 * each a fresh process whose every DynamoDB call goes through the same front, which meters each table's writes at
 * {@code --wcu} write units/s (unused capacity kept up to {@code --wcu-burst} seconds of it, DynamoDB's
 * {@value #BURST_SECONDS} by default, accrued from the table's creation) or, without it, only counts them. Prints each one's seconds, dmig's phases and the write units each
 * consumed per item.
 */
final class AppRun {
    /** DynamoDB keeps up to five minutes of a table's unused capacity. */
    static final double BURST_SECONDS = 300;
    /** The contenders, in the order of the first repetition; later ones rotate it. */
    static final List<String> CONTENDERS = List.of("dmig", "sequential", "parallel");
    /** The contenders of {@code --masked}: the same dmig migrate of the same data, unmasked and masked ({@link AppMask}). */
    static final List<String> MASKED_CONTENDERS = List.of("dmig", "masked");
    /** Where a masked email lives (the mask feature's reserved domain, RFC 6761): {@code first.last.<hex>@example.invalid}. */
    static final String RESERVED_EMAIL_DOMAIN = "@example.invalid";

    /**
     * What the command line asked for: write units/s per table (null: not metered, only counted), repetitions, and
     * whether one uncounted run of dmig and of the script comes first ({@code --dmig-warm-up 0}: not); {@code masked}: dmig
     * unmasked against dmig masked instead of the scripts.
     */
    record Options(Integer wcu, int repeat, boolean warmUp, double burstSeconds, boolean masked) {
        List<String> contenders() {
            return masked ? MASKED_CONTENDERS : CONTENDERS;
        }
    }

    /** How the bench runs each tool against a front's endpoint; each returns the run's figures. */
    interface Tools {
        /** A whole {@code dmig migrate} of the data set, with its plan made a masked run ({@link AppMask}) when {@code masked}. */
        ObjectNode migrate(Dataset dataset, String dynamoDbEndpoint, String label, boolean masked);

        ObjectNode onePass(Dataset dataset, String dynamoDbEndpoint, boolean sequential, String label);

        /** A {@code dmig analyze} of the data set with {@code plan} in place of its own. */
        ObjectNode analyze(Dataset dataset, ObjectNode plan, String dynamoDbEndpoint, String label);
    }

    /**
     * The plans whose analyses, set side by side, say what the pools and the files cost it: the whole app's, and the
     * same without the pools (the identity map file alone), without the Storage files, and without either.
     */
    static Map<String, ObjectNode> analysisPlans(ObjectNode plan) {
        Map<String, ObjectNode> plans = new java.util.LinkedHashMap<>();
        plans.put("whole plan", plan);
        plans.put("without the pools", withoutPools(plan));
        plans.put("without the files", withoutFiles(plan));
        plans.put("without either", withoutFiles(withoutPools(plan)));
        return plans;
    }

    private static ObjectNode withoutPools(ObjectNode plan) {
        ObjectNode copy = plan.deepCopy();
        for (String side : List.of("source", "target")) {
            ((ObjectNode) copy.get(side)).remove(List.of("userPoolId", "userPoolEndpoint"));
        }
        copy.withObject("/identities").remove("matchBy");
        return copy;
    }

    private static ObjectNode withoutFiles(ObjectNode plan) {
        ObjectNode copy = plan.deepCopy();
        for (String side : List.of("source", "target")) {
            ((ObjectNode) copy.get(side)).remove("storageBucket");
        }
        copy.get("tables").forEach(table -> ((ObjectNode) table).remove("files"));
        return copy;
    }

    private final Options options;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final URI store;
    private final Tools tools;
    private final PrintWriter out;
    /** True once the uncounted runs have been made, or when none are asked for. */
    private boolean warm;

    private AppRun(Options options, DynamoDbClient dynamoDb, S3Client s3, URI store, Tools tools, PrintWriter out) {
        this.options = options;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.store = store;
        this.tools = tools;
        this.out = out;
        this.warm = !options.warmUp();
    }

    /** Measures each size against the store at {@code store}; returns every run's figures. */
    static ArrayNode measure(Options options, List<Integer> sizes, DynamoDbClient dynamoDb, S3Client s3, URI store, Tools tools,
                             PrintWriter out) {
        Optional<Path> node = CognitoLocalServer.node();
        Optional<Path> script = CognitoLocalServer.script();
        if (node.isEmpty() || script.isEmpty()) {
            throw new IllegalStateException("--dataset app needs cognito-local for its user pools: node on the PATH (" + node.orElse(null)
                    + ") and npm ci --prefix .ci, or " + CognitoLocalServer.SCRIPT_VARIABLE + " naming its start.js (" + script.orElse(null) + ")");
        }
        ArrayNode runs = Json.MAPPER.createArrayNode();
        try (CognitoLocalServer cognito = CognitoLocalServer.start(node.get(), script.get())) {
            AppRun run = new AppRun(options, dynamoDb, s3, store, tools, out);
            for (int size : sizes) {
                run.measureSize(size, cognito.endpoint(), runs);
            }
        }
        return runs;
    }

    private void measureSize(int size, URI cognito, ArrayNode runs) {
        String tag = "ba" + size + "p" + ProcessHandle.current().pid();
        long start = System.nanoTime();
        AppPools pools = AppPools.create(cognito, Dataset.appUsers(size), tag);
        double poolSeconds = (System.nanoTime() - start) / 1e9;
        Dataset dataset = Dataset.app(size, tag, pools);
        start = System.nanoTime();
        dataset.setUp(dynamoDb, s3);
        out.printf(Locale.ROOT, "%napp, about %,d items: %,d items in %d tables, %d users in each of two cognito-local pools paired by "
                        + "email (made in %.1f s), %,d Storage objects; loaded in %.1f s%n", size, dataset.items(), dataset.counts.size(),
                pools.users(), poolSeconds, dataset.objects(s3, false), (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "  every DynamoDB call through one front that %s%n", options.wcu() == null ? "counts each table's write units"
                : String.format(Locale.ROOT, "meters each table's writes at %,d write units/s (unused capacity kept up to %.0f s, from "
                        + "the table's creation) and counts them", options.wcu(), options.burstSeconds()));
        if (options.masked()) {
            out.printf(Locale.ROOT, "  dmig migrate unmasked and masked, alternately: the masked plan has %d rules (%s), the key from %s%n",
                    AppMask.rules(dataset.plan(null, null)), "names, emails, phones, addresses, text", AppMask.KEY_VARIABLE);
        }
        out.flush();
        try {
            if (!warm) {
                warmUp(dataset);
                warm = true;
            }
            List<ObjectNode> these = new ArrayList<>();
            List<String> contenders = options.contenders();
            for (int rep = 1; rep <= options.repeat(); rep++) {
                for (int i = 0; i < contenders.size(); i++) {
                    String contender = contenders.get((i + rep - 1) % contenders.size());
                    ObjectNode figures = run(dataset, contender, rep, options.wcu() != null);
                    figures.put("size", size);
                    figures.put("repetition", rep);
                    these.add(figures);
                    runs.add(figures);
                    print(figures);
                }
            }
            if (options.masked()) {
                runs.add(summarizeMasked(these, size));
            } else {
                summarize(these);
                runs.add(analyses(dataset));
            }
        } finally {
            dataset.tearDown(dynamoDb, s3);
        }
    }

    /**
     * One uncounted run of dmig and of the parallel script, not metered: the first {@code ./dmig} after a build writes the
     * class archive the later ones start from, and the store has only just been loaded.
     */
    private void warmUp(Dataset dataset) {
        ObjectNode dmig = run(dataset, "dmig", 0, false);
        String other = options.masked() ? "masked" : "parallel";
        ObjectNode script = run(dataset, other, 0, false);
        out.printf(Locale.ROOT, "  warm-up, not metered, not counted: dmig migrate %.1f s, %s %.1f s%n", dmig.get("seconds").asDouble(),
                options.masked() ? "masked" : "one pass", script.get("seconds").asDouble());
        out.flush();
    }

    /** One contender's run on empty target tables, through a front of its own that meters ({@code metered}) or counts their writes. */
    private ObjectNode run(Dataset dataset, String contender, int rep, boolean metered) {
        dataset.clearTarget(dynamoDb, s3);
        // The tables were just created: what they accrue starts now.
        WriteCapacity capacity = metered ? WriteCapacity.accruedSince(options.wcu(), options.burstSeconds()) : WriteCapacity.unmetered();
        String label = "app-" + contender + "-" + rep;
        ObjectNode figures;
        try (FaultProxy front = FaultProxy.start(store, 17)) {
            front.limitWrites(capacity);
            String endpoint = front.endpoint().toString();
            figures = isDmig(contender) ? tools.migrate(dataset, endpoint, label, contender.equals("masked"))
                    : tools.onePass(dataset, endpoint, contender.equals("sequential"), label);
        }
        figures.put("contender", contender);
        if (isDmig(contender)) {
            putMaskedEmails(figures, dataset);
            figures.put("seconds", figures.get("processSeconds").asDouble());
        }
        putUnits(figures, capacity, dataset);
        return figures;
    }

    /**
     * How many of the copied contacts' emails are on the masked emails' reserved domain, of how many: all of them after a
     * masked run, none after an unmasked one; the bench's own look that the masked plan masked, besides dmig's validation.
     */
    private void putMaskedEmails(ObjectNode figures, Dataset dataset) {
        long emails = 0;
        long reserved = 0;
        for (var page : dynamoDb.scanPaginator(b -> b.tableName("Contacts" + dataset.prodSuffix).projectionExpression("email"))) {
            for (var item : page.items()) {
                if (item.containsKey("email") && item.get("email").s() != null) {
                    emails++;
                    reserved += item.get("email").s().endsWith(RESERVED_EMAIL_DOMAIN) ? 1 : 0;
                }
            }
        }
        figures.put("contactEmails", emails);
        figures.put("contactEmailsMasked", reserved);
    }

    /** Whether the contender is a dmig migrate (unmasked or masked), not a script. */
    private static boolean isDmig(String contender) {
        return contender.equals("dmig") || contender.equals("masked");
    }

    /**
     * The write units the front admitted to the target tables, per item written, and the items it refused; metered, the
     * floor too: the most units one target table took over its capacity, the least time any copy of the app can take when
     * the tables' capacity starts accruing as the run starts, as this front's does ({@code floorSeconds}, {@code floorTable}).
     */
    static void putUnits(ObjectNode figures, WriteCapacity capacity, Dataset dataset) {
        long units = 0;
        long refused = 0;
        long other = 0;
        Map.Entry<String, WriteCapacity.Written> busiest = null;
        for (Map.Entry<String, WriteCapacity.Written> table : capacity.written().entrySet()) {
            if (table.getKey().endsWith(dataset.prodSuffix)) {
                units += table.getValue().units();
                refused += table.getValue().refused();
                busiest = busiest == null || table.getValue().units() > busiest.getValue().units() ? table : busiest;
            } else {
                other += table.getValue().units();
            }
        }
        long items = figures.path("destinationItems").asLong();
        figures.put("writeUnits", units);
        figures.put("writeUnitsPerItem", items == 0 ? 0 : Worker.round(1000.0 * units / items) / 1000.0);
        figures.put("refusedItems", refused);
        figures.put("writeUnitsElsewhere", other);
        if (busiest != null && !Double.isInfinite(capacity.unitsPerSecond())) {
            figures.put("floorSeconds", Worker.round(busiest.getValue().units() / capacity.unitsPerSecond()));
            figures.put("floorTable", busiest.getKey().substring(0, busiest.getKey().length() - dataset.prodSuffix.length()));
        }
    }

    /** {@code run}'s time against the floor of its writes, when metered: {@code , floor 17.1 s (QuoteItems), 1.31× it}. */
    static String againstFloor(JsonNode run) {
        double floor = run.path("floorSeconds").asDouble();
        return floor <= 0 ? "" : String.format(Locale.ROOT, ", floor %.1f s (%s), %.2f× it", floor, run.path("floorTable").asText(),
                run.get("seconds").asDouble() / floor);
    }

    private void print(JsonNode run) {
        String name = switch (run.get("contender").asText()) {
            case "dmig" -> "dmig migrate";
            case "masked" -> "dmig migrate, masked";
            case "sequential" -> "one pass, one table after another";
            default -> "one pass, every table at once";
        };
        out.printf(Locale.ROOT, "  %-34s #%d %6.1f s  %,d items, %,d objects; %,d write units = %.3f per item, %,d items refused%s%s%n",
                name, run.get("repetition").asInt(), run.get("seconds").asDouble(), run.path("destinationItems").asLong(),
                run.path("destinationObjects").asLong(), run.get("writeUnits").asLong(), run.get("writeUnitsPerItem").asDouble(),
                run.get("refusedItems").asLong(), againstFloor(run),
                isDmig(run.get("contender").asText()) ? "\n      " + phases(run) + maskedEmails(run) : "");
        out.flush();
    }

    /** {@code ; contacts' emails masked: 110 of 110}, for a dmig run. */
    private static String maskedEmails(JsonNode run) {
        return String.format(Locale.ROOT, "; contacts' emails masked: %,d of %,d", run.path("contactEmailsMasked").asLong(),
                run.path("contactEmails").asLong());
    }

    /** dmig's phases: analysis (its calls and the segments' scan), levels, validation, the rest. */
    static String phases(JsonNode run) {
        List<String> levels = new ArrayList<>();
        run.path("levelSeconds").forEach(level -> levels.add(String.format(Locale.ROOT, "%.1f", level.asDouble())));
        List<String> calls = new ArrayList<>();
        run.path("analyzeCallSeconds").forEach(call -> calls.add(String.format(Locale.ROOT, "%.1f", call.asDouble())));
        return String.format(Locale.ROOT, "analysis %.1f (Analyze calls %s, segments %.1f), levels %.1f [%s], validation %.1f, finalize "
                        + "%.1f, ID maps %.1f, outside the execution %.1f", run.path("analyzeSeconds").asDouble(), String.join(" + ", calls),
                run.path("analyzeSegmentsSeconds").asDouble(), run.path("migrateSeconds").asDouble(), String.join(" / ", levels),
                run.path("validateSeconds").asDouble(), run.path("finalizeSeconds").asDouble(), run.path("idMapsSeconds").asDouble(),
                run.path("outsideExecutionSeconds").asDouble());
    }

    /**
     * {@code dmig analyze} of each of {@link #analysisPlans}, through a front that only counts: what the analysis spends on
     * the pools and on the files at this size. Each on empty target tables and bucket, as each contender starts, so that it
     * measures the analysis of a first copy, as dmig migrate's, not that of a target the last contender filled.
     */
    private ObjectNode analyses(Dataset dataset) {
        ObjectNode figures = Json.MAPPER.createObjectNode();
        figures.put("size", dataset.requested);
        figures.put("contender", "analyze");
        List<String> said = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> plan : analysisPlans(dataset.plan(null, null)).entrySet()) {
            ObjectNode run;
            dataset.clearTarget(dynamoDb, s3);
            try (FaultProxy front = FaultProxy.start(store, 17)) {
                run = tools.analyze(dataset, plan.getValue(), front.endpoint().toString(), "app-analyze-" + plan.getKey().replace(' ', '-'));
            }
            ObjectNode variant = figures.putObject(plan.getKey());
            variant.put("processSeconds", run.get("processSeconds").asDouble());
            variant.put("analyzeSeconds", run.get("analyzeSeconds").asDouble());
            variant.set("analyzeCallSeconds", run.get("analyzeCallSeconds"));
            variant.put("analyzeSegmentsSeconds", run.get("analyzeSegmentsSeconds").asDouble());
            said.add(String.format(Locale.ROOT, "%s %.1f s (%.1f from start to exit)", plan.getKey(), run.get("analyzeSeconds").asDouble(),
                    run.get("processSeconds").asDouble()));
        }
        out.printf(Locale.ROOT, "  dmig analyze alone, not metered: analysis of the %s%n", String.join(", ", said));
        out.flush();
        return figures;
    }

    /** The median of each contender, and the scripts' time against dmig's. */
    private void summarize(List<ObjectNode> runs) {
        double dmig = median(runs, "dmig", "seconds");
        out.printf(Locale.ROOT, "  median: dmig %.1f s (%.3f WU/item); one pass one table after another %.1f s (%.3f WU/item), script/dmig "
                        + "%.2f; every table at once %.1f s (%.3f WU/item), script/dmig %.2f%n", dmig, median(runs, "dmig", "writeUnitsPerItem"),
                median(runs, "sequential", "seconds"), median(runs, "sequential", "writeUnitsPerItem"),
                median(runs, "sequential", "seconds") / dmig, median(runs, "parallel", "seconds"),
                median(runs, "parallel", "writeUnitsPerItem"), median(runs, "parallel", "seconds") / dmig);
        double floor = median(runs, "dmig", "floorSeconds");
        if (floor > 0) {
            out.printf(Locale.ROOT, "  floor (the busiest target table's write units over its capacity): %.1f s; dmig/floor %.2f, one table after"
                    + " another/floor %.2f, every table at once/floor %.2f%n", floor, dmig / floor, median(runs, "sequential", "seconds") / floor,
                    median(runs, "parallel", "seconds") / floor);
        }
        out.flush();
    }

    /**
     * The masked run against the unmasked one, medians: seconds, items/s (items written over seconds from start to exit),
     * write units per item and, metered, each one's time over the floor; {@code masked 27.1 s, unmasked 24.0 s: 1.13×}.
     */
    private ObjectNode summarizeMasked(List<ObjectNode> runs, int size) {
        double masked = median(runs, "masked", "seconds");
        double unmasked = median(runs, "dmig", "seconds");
        double maskedRate = median(runs, "masked", "destinationItems") / masked;
        double unmaskedRate = median(runs, "dmig", "destinationItems") / unmasked;
        double maskedCpu = median(runs, "masked", "cpuSeconds");
        double unmaskedCpu = median(runs, "dmig", "cpuSeconds");
        out.printf(Locale.ROOT, "  median: masked %.1f s, unmasked %.1f s: %.2f×; %,.0f against %,.0f items/s; %.1f against %.1f CPU-s of "
                        + "dmig's process (%.2f×); %.3f against %.3f WU/item; analysis %.1f against %.1f s, levels %.1f against %.1f s%n", masked,
                unmasked, masked / unmasked, maskedRate, unmaskedRate, maskedCpu, unmaskedCpu, maskedCpu / unmaskedCpu,
                median(runs, "masked", "writeUnitsPerItem"), median(runs, "dmig", "writeUnitsPerItem"), median(runs, "masked", "analyzeSeconds"),
                median(runs, "dmig", "analyzeSeconds"), median(runs, "masked", "migrateSeconds"), median(runs, "dmig", "migrateSeconds"));
        double floor = median(runs, "dmig", "floorSeconds");
        if (floor > 0) {
            out.printf(Locale.ROOT, "  floor (the busiest target table's write units over its capacity): %.1f s; masked/floor %.2f, unmasked/floor "
                    + "%.2f%n", floor, masked / floor, unmasked / floor);
        }
        out.flush();
        ObjectNode figures = Json.MAPPER.createObjectNode();
        figures.put("size", size);
        figures.put("contender", "masked-against-unmasked");
        figures.put("maskedSeconds", masked);
        figures.put("unmaskedSeconds", unmasked);
        figures.put("ratio", Worker.round(1000.0 * masked / unmasked) / 1000.0);
        figures.put("maskedCpuSeconds", maskedCpu);
        figures.put("unmaskedCpuSeconds", unmaskedCpu);
        figures.put("maskedItemsPerSecond", Worker.round(maskedRate));
        figures.put("unmaskedItemsPerSecond", Worker.round(unmaskedRate));
        return figures;
    }

    static double median(List<? extends JsonNode> runs, String contender, String field) {
        List<Double> values = runs.stream().filter(r -> r.path("contender").asText().equals(contender))
                .map(r -> r.path(field).asDouble()).sorted().toList();
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
