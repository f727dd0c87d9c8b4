package dev.dmig.jmh;

import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.analysis.SourceIds;
import dev.dmig.identity.IdentityCsv;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePlan;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemSize;
import dev.dmig.validate.SourceValueTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The analysis's work per item of the whole-app ({@code sample}) data set, apart from the store: each source item sized,
 * digested and mapped, and what it maps to sized and digested, as a segment's analysis does for every item it reads;
 * then the same sizes and digests taken on one walk of each item, and validation's comparison of each mapped item with a
 * copy, both digested, apart and in one walk; and validation's look for the source's IDs in every string of each mapped item,
 * the tables' filters asked one after the other and together first. Each step runs over all items on one thread, and its
 * CPU time is reported; three rounds in one JVM. Run as the
 * launcher runs dmig on 2 cores: {@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx2g -cp bench/target/dmig-bench.jar
 * dev.dmig.jmh.AnalysisItemsMeasure [ITEMS]} (200,000 by default).
 */
public final class AnalysisItemsMeasure {
    private static volatile long sink;

    private AnalysisItemsMeasure() {
    }

    /** One source item and its model. */
    private record Source(String model, Map<String, AttributeValue> item) {
    }

    public static void main(String[] args) {
        int requested = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        MigrationPlan plan = PlanParser.parse(SamplePlan.json("-dev", "-prod"));
        ItemTransformer transformer = new ItemTransformer(plan,
                new RunMappings(0L, IdentityCsv.parse(SamplePlan.IDENTITIES_FILE, SamplePlan.identities())));
        SampleData data = SampleData.withAbout(requested);
        List<Source> sources = new ArrayList<>();
        for (String model : plan.migratedModels()) {
            data.items(model).filter(item -> transformer.copies(model, item)).forEach(item -> sources.add(new Source(model, item)));
        }
        System.out.printf("%,d source items of %d tables%n", sources.size(), plan.migratedModels().size());
        List<SourceIdFilter> filters = filters(plan, sources);
        for (int round = 1; round <= 3; round++) {
            measure(round, transformer, sources);
            look(transformer, sources, filters);
        }
    }

    /**
     * A filter of source IDs per table whose records get new IDs, sized for its IDs, as the analysis's summary leaves them:
     * every source record's own ID, copied or not.
     */
    private static List<SourceIdFilter> filters(MigrationPlan plan, List<Source> sources) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (Source source : sources) {
            TablePlan table = plan.table(source.model());
            AttributeValue id = source.item().get(table.idAttribute());
            if (!table.skip() && table.ids() == IdStrategy.SHA256 && !table.idMapped() && id != null && id.s() != null) {
                ids.computeIfAbsent(source.model(), m -> new ArrayList<>()).add(id.s());
            }
        }
        List<SourceIdFilter> filters = new ArrayList<>();
        ids.forEach((model, own) -> {
            SourceIdFilter filter = SourceIdFilter.sizedFor(own.size());
            own.forEach(id -> filter.add(SourceIdFilter.hash(id)));
            filters.add(filter);
        });
        System.out.printf("%d filters of %,d source IDs; together, %d layers%n", filters.size(),
                filters.stream().mapToLong(SourceIdFilter::count).sum(), SourceIdFilter.together(filters).layerCount());
        return filters;
    }

    /**
     * Validation's look for the source's IDs in each mapped item: every string cut into its tokens, each of
     * {@value SourceIds#MIN_LENGTH} characters or more hashed and asked of every table's filter, one after the other (as
     * validation did), then of the filters together first and of each only after their "maybe". The users' values, looked
     * up in a map before the filters, are left out of both.
     */
    private static void look(ItemTransformer transformer, List<Source> sources, List<SourceIdFilter> filters) {
        List<Map<String, AttributeValue>> targets = new ArrayList<>(sources.size());
        sources.forEach(source -> targets.add(transformer.transform(source.model(), source.item())));
        SourceIdFilter[] each = filters.toArray(new SourceIdFilter[0]);
        SourceIdFilter together = SourceIdFilter.together(filters);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] counts = new long[3];
        SourceValueTokens.Visitor apart = (token, whole, afterOwner) -> {
            if (token.length() >= SourceIds.MIN_LENGTH) {
                long hash = SourceIdFilter.hash(token);
                long probes = SourceIdFilter.probes(hash);
                counts[0]++;
                for (SourceIdFilter filter : each) {
                    counts[1] += filter.mightContain(hash, probes) ? 1 : 0;
                }
            }
        };
        SourceValueTokens.Visitor first = (token, whole, afterOwner) -> {
            if (token.length() >= SourceIds.MIN_LENGTH) {
                long hash = SourceIdFilter.hash(token);
                long probes = SourceIdFilter.probes(hash);
                if (together.mightContain(hash, probes)) {
                    for (SourceIdFilter filter : each) {
                        counts[2] += filter.mightContain(hash, probes) ? 1 : 0;
                    }
                }
            }
        };
        long start = threads.getCurrentThreadCpuTime();
        targets.forEach(target -> target.values().forEach(value -> SourceIdsMeasure.walk(value, apart)));
        long asked = threads.getCurrentThreadCpuTime();
        targets.forEach(target -> target.values().forEach(value -> SourceIdsMeasure.walk(value, first)));
        long end = threads.getCurrentThreadCpuTime();
        System.out.printf("         the look for source IDs (%,d tokens asked): each filter asked %.2f CPU-s (%,d maybes), together "
                + "first %.2f CPU-s (%,d maybes)%n", counts[0], (asked - start) / 1e9, counts[1], (end - asked) / 1e9, counts[2]);
    }

    private static void measure(int round, ItemTransformer transformer, List<Source> sources) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long bytes = 0;
        for (Source source : sources) {
            bytes += ItemSize.of(source.item());
        }
        long sized = threads.getCurrentThreadCpuTime();
        ContentDigest digest = new ContentDigest();
        for (Source source : sources) {
            digest.add(source.item());
        }
        long digested = threads.getCurrentThreadCpuTime();
        List<Map<String, AttributeValue>> targets = new ArrayList<>(sources.size());
        for (Source source : sources) {
            targets.add(transformer.transform(source.model(), source.item()));
        }
        long mapped = threads.getCurrentThreadCpuTime();
        long targetBytes = 0;
        for (Map<String, AttributeValue> target : targets) {
            targetBytes += ItemSize.of(target);
        }
        long targetsSized = threads.getCurrentThreadCpuTime();
        ContentDigest expected = new ContentDigest();
        for (Map<String, AttributeValue> target : targets) {
            expected.add(target);
        }
        long end = threads.getCurrentThreadCpuTime();
        sink += bytes + targetBytes;
        System.out.printf("round %d: %.2f CPU-s in all; size %.2f, digest %.2f, transform %.2f, size mapped %.2f, digest mapped %.2f"
                        + " (source %,d bytes, mapped %,d bytes; digests %s, %s)%n", round, (end - start) / 1e9, (sized - start) / 1e9,
                (digested - sized) / 1e9, (mapped - digested) / 1e9, (targetsSized - mapped) / 1e9, (end - targetsSized) / 1e9,
                bytes, targetBytes, digest.hex(), expected.hex());
        oneWalk(sources, targets, threads);
        compare(targets, threads);
    }

    /**
     * The same sizes and digests as {@link #measure}'s separate steps, each item walked once: a source item sized on its
     * digest's walk ({@link ContentDigest#addSized}), and a mapped one formed, sized, then added ({@link ContentDigest#form}).
     */
    private static void oneWalk(List<Source> sources, List<Map<String, AttributeValue>> targets, ThreadMXBean threads) {
        long start = threads.getCurrentThreadCpuTime();
        ContentDigest digest = new ContentDigest();
        long bytes = 0;
        for (Source source : sources) {
            bytes += digest.addSized(source.item());
        }
        long sourcesDone = threads.getCurrentThreadCpuTime();
        ContentDigest expected = new ContentDigest();
        long targetBytes = 0;
        for (Map<String, AttributeValue> target : targets) {
            ContentDigest.Form form = expected.form(target);
            targetBytes += form.size();
            expected.add(form);
        }
        long end = threads.getCurrentThreadCpuTime();
        System.out.printf("         one walk: size and digest %.2f, size and digest mapped %.2f"
                        + " (source %,d bytes, mapped %,d bytes; digests %s, %s)%n", (sourcesDone - start) / 1e9,
                (end - sourcesDone) / 1e9, bytes, targetBytes, digest.hex(), expected.hex());
    }

    /** Validation's comparison of each mapped item with the target's copy of it (an equal map of its own). */
    private static void compare(List<Map<String, AttributeValue>> targets, ThreadMXBean threads) {
        List<Map<String, AttributeValue>> copies = new ArrayList<>(targets.size());
        targets.forEach(target -> copies.add(new HashMap<>(target)));
        long start = threads.getCurrentThreadCpuTime();
        long same = 0;
        ContentDigest wanted = new ContentDigest();
        ContentDigest found = new ContentDigest();
        for (int i = 0; i < targets.size(); i++) {
            wanted.add(targets.get(i));
            found.add(copies.get(i));
            same += ContentDigest.same(targets.get(i), copies.get(i)) ? 1 : 0;
        }
        long apart = threads.getCurrentThreadCpuTime();
        long sameAtOnce = 0;
        ContentDigest wantedAtOnce = new ContentDigest();
        ContentDigest foundAtOnce = new ContentDigest();
        for (int i = 0; i < targets.size(); i++) {
            sameAtOnce += ContentDigest.addCompared(wantedAtOnce, targets.get(i), foundAtOnce, copies.get(i)) ? 1 : 0;
        }
        long end = threads.getCurrentThreadCpuTime();
        System.out.printf("         compared with the target's copy and both digested: apart %.2f CPU-s (%,d of %,d the same;"
                        + " digests %s, %s), in one walk %.2f CPU-s (%,d the same; digests %s, %s)%n", (apart - start) / 1e9, same,
                targets.size(), wanted.hex(), found.hex(), (end - apart) / 1e9, sameAtOnce, wantedAtOnce.hex(), foundAtOnce.hex());
    }
}
