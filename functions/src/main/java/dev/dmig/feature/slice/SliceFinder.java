package dev.dmig.feature.slice;

import dev.dmig.Tasks;
import dev.dmig.run.RootInvalidException;
import dev.dmig.run.Slice;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanCheck;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.Deadline;
import dev.dmig.feature.slice.SliceScan.Hit;
import dev.dmig.feature.slice.SliceScan.Part;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Finds the {@link Slice} that some roots span among the plan's migrated models, in this process, reading the
 * source tables' segments in parallel on {@code pool} (which must not be the pool that runs {@link #find}). Reads
 * only source tables.
 */
public final class SliceFinder {
    /** Segments of a table when neither the caller nor the plan says. */
    static final int DEFAULT_SEGMENTS = 4;
    /** Keys per BatchGetItem request, DynamoDB's limit, which {@link ItemStore#getAll} batches by. */
    private static final int GET_BATCH = 100;

    public enum Way { ROOT, DESCENDANT, ANCESTOR }

    /** How a member was first reached, and through which path ({@code Model.path}); null for a root. */
    public record Reached(Way way, String via) {}

    private final ItemStore items;
    private final MigrationPlan plan;
    private final ExecutorService pool;
    private final int pageSize;
    private final Map<String, Integer> segments;
    private Map<String, TableInfo> sources;
    private SliceScan scan;

    /**
     * {@code items}: the process's own store, from which the plan's source is reached; {@code segments}: the segments
     * to scan each table in (as the run chose them), a model it leaves out taking the plan's, else
     * {@value #DEFAULT_SEGMENTS}; {@code pageSize}: items per Scan request.
     */
    public SliceFinder(ItemStore items, MigrationPlan plan, ExecutorService pool, int pageSize, Map<String, Integer> segments) {
        this.items = items.across(plan.sides());
        this.plan = plan;
        this.pool = pool;
        this.pageSize = pageSize;
        this.segments = Map.copyOf(segments);
    }

    /** The slice the roots span, found in this process; refuses ({@link RootInvalidException}) a root the run cannot start from. */
    public Slice find(List<Slice.Root> roots) {
        Search search = start(roots);
        for (List<Part> round = round(search); !round.isEmpty(); round = round(search)) {
            List<Callable<Part>> scans = new ArrayList<>();
            round.forEach(part -> scans.add(() -> scan(part, search.frontier, Deadline.none())));
            absorb(search, all(scans));
        }
        return finish(search);
    }

    /**
     * The search's first step: checks and reads the roots, which are its first frontier. A search goes on with
     * rounds ({@link #round}, {@link #scan}, {@link #absorb}) until a round has no scan, then {@link #finish}es.
     */
    public Search start(List<Slice.Root> roots) {
        roots = roots.stream().distinct().toList();
        checkModels(roots);
        Search search = new Search();
        search.roots = roots;
        search.frontier = new Walk(search).roots(roots);
        return search;
    }

    /**
     * The scans of the search's next round of descendants: every segment of each table that can refer to the
     * frontier; none when the descendants are all found. Asking again before {@link #absorb} gives the same scans.
     */
    public List<Part> round(Search search) {
        List<Part> parts = new ArrayList<>();
        for (String model : plan.migratedModels()) {
            if (plan.table(model).references().values().stream().anyMatch(search.frontier::containsKey)) {
                for (int segment = 0, n = segmentsOf(model); segment < n; segment++) {
                    parts.add(new Part(model, segment, n));
                }
            }
        }
        return parts;
    }

    /** Continues one scan of a round, against that round's frontier, until its segment ends or the deadline passes. */
    public Part scan(Part part, Map<String, Set<String>> frontier, Deadline deadline) {
        return scan().referring(part, frontier, deadline);
    }

    /** Takes a round's finished scans (in {@link #round}'s order) into the search: their new members are the next frontier. */
    public void absorb(Search search, List<Part> parts) {
        new Walk(search).descendants(parts);
    }

    /** The search's last step: the ancestors of everything found, then the slice. */
    public Slice finish(Search search) {
        Walk walk = new Walk(search);
        Reads ancestorReads = new Reads();
        walk.ancestors(ancestorReads);
        return walk.slice(search.roots, List.of(search.rootReads.phase("roots"), search.descendantReads.phase("descendants"),
                ancestorReads.phase("ancestors")));
    }

    /** The plan whose migrated models it finds the slice among. */
    MigrationPlan plan() {
        return plan;
    }

    /** The source table of each migrated model, looked up once. */
    private Map<String, TableInfo> sources() {
        if (sources == null) {
            Map<String, TableInfo> found = new LinkedHashMap<>();
            for (TablePair pair : PlanCheck.check(plan, items, plan.migratedModels()).values()) {
                found.put(pair.model(), pair.source());
            }
            sources = found;
        }
        return sources;
    }

    private SliceScan scan() {
        if (scan == null) {
            scan = new SliceScan(items, plan, sources(), pageSize);
        }
        return scan;
    }

    private int segmentsOf(String model) {
        Integer chosen = segments.get(model);
        if (chosen == null) {
            chosen = plan.table(model).segments() != null ? plan.table(model).segments() : plan.segments();
        }
        return chosen != null ? chosen : DEFAULT_SEGMENTS;
    }

    private void checkModels(List<Slice.Root> roots) {
        if (roots.isEmpty()) {
            throw new RootInvalidException("a slice needs at least one root (--root MODEL:ID)");
        }
        for (Slice.Root root : roots) {
            TablePlan table = plan.tables().get(root.model());
            if (table == null || table.skip()) {
                throw new RootInvalidException("root " + root + ": " + root.model() + " is "
                        + (table == null ? "not in the plan" : "skipped by the plan")
                        + "; a root's model must be one of: " + String.join(", ", plan.migratedModels()));
            }
        }
    }

    /** Reads of one phase, as the slice reports them. */
    public static final class Reads {
        public int rounds;
        public long scans;
        public long requests;
        public long items;

        void add(Part part) {
            scans++;
            requests += part.requests;
            items += part.items;
        }

        Slice.Phase phase(String name) {
            return new Slice.Phase(name, rounds, scans, requests, items);
        }
    }

    /**
     * What a search has found so far, as plain JSON, so that a task can keep it between calls: per model, each
     * member's name and how it was reached; every member item read, by key; the ID values of those items (what a
     * reference resolves against); the ID values whose items have all been looked up (found or not); and the
     * frontier, the members the last round found, by ID value.
     */
    public static final class Search {
        public List<Slice.Root> roots;
        public Map<String, Map<String, Reached>> members = new HashMap<>();
        public Map<String, Map<String, Hit>> read = new LinkedHashMap<>();
        public Map<String, Set<String>> idValues = new HashMap<>();
        public Map<String, Set<String>> looked = new HashMap<>();
        public Map<String, Set<String>> frontier = new LinkedHashMap<>();
        public Reads rootReads = new Reads();
        public Reads descendantReads = new Reads();

        /** Rounds of descendants taken in so far. */
        public int rounds() {
            return descendantReads.rounds;
        }
    }

    /** One step of a search, over its state. */
    private final class Walk {
        private final List<String> models = plan.migratedModels();
        private final Map<String, TableInfo> sources = sources();
        private final SliceScan scan = scan();
        private final Map<String, Map<String, Reached>> members;
        private final Map<String, Map<String, Hit>> read;
        private final Map<String, Set<String>> idValues;
        private final Map<String, Set<String>> looked;
        private final Search search;

        Walk(Search search) {
            this.search = search;
            this.members = search.members;
            this.read = search.read;
            this.idValues = search.idValues;
            this.looked = search.looked;
        }

        /** Reads the roots; refuses one that is not in the source. Returns the first frontier. */
        Map<String, Set<String>> roots(List<Slice.Root> roots) {
            Reads reads = search.rootReads;
            Map<String, Set<String>> wanted = new LinkedHashMap<>();
            roots.forEach(root -> wanted.computeIfAbsent(root.model(), m -> new LinkedHashSet<>()).add(root.id()));
            reads.rounds = 1;
            Map<String, List<Hit>> found = fetch(wanted, reads);
            List<Slice.Root> absent = new ArrayList<>();
            for (Slice.Root root : roots) {
                if (found.getOrDefault(root.model(), List.of()).stream().noneMatch(hit -> root.id().equals(hit.id()))) {
                    absent.add(root);
                }
            }
            if (!absent.isEmpty()) {
                Slice.Root first = absent.get(0);
                throw new RootInvalidException("root " + first + " is not in the source: no item of "
                        + sources.get(first.model()).name() + " has " + plan.table(first.model()).idAttribute() + "=" + first.id()
                        + (absent.size() > 1 ? " (nor do " + (absent.size() - 1) + " other roots, e.g. " + absent.get(1) + ")" : "")
                        + "; check the model and the ID (--root MODEL:ID takes the source record's ID)");
            }
            Map<String, Set<String>> frontier = new LinkedHashMap<>();
            found.forEach((model, hits) -> hits.forEach(hit -> {
                record(model, hit);
                if (reach(model, nameOf(model, hit), new Reached(Way.ROOT, null))) {
                    frontier.computeIfAbsent(model, m -> new HashSet<>()).add(hit.id());
                }
            }));
            return frontier;
        }

        /** Takes in one round's scans: records their hits, and makes the new members the next frontier. */
        void descendants(List<Part> parts) {
            Reads reads = search.descendantReads;
            reads.rounds++;
            Map<String, Set<String>> next = new LinkedHashMap<>();
            Map<String, Map<String, String>> reached = new LinkedHashMap<>();
            for (Part part : parts) {
                reads.add(part);
                for (Hit hit : part.hits) {
                    record(part.model, hit);
                    String name = nameOf(part.model, hit);
                    if (!members.getOrDefault(part.model, Map.of()).containsKey(name)) {
                        // The first path by name, so that the reasons do not depend on which segment read what.
                        reached.computeIfAbsent(part.model, m -> new TreeMap<>()).merge(name, part.model + "." + hit.path(), SliceFinder::first);
                        if (hit.id() != null) {
                            next.computeIfAbsent(part.model, m -> new HashSet<>()).add(hit.id());
                        }
                    }
                }
            }
            reached.forEach((model, names) -> names.forEach((name, via) -> reach(model, name, new Reached(Way.DESCENDANT, via))));
            search.frontier = next;
        }

        /**
         * Levels of lookups of what the members refer to and is not read yet, until nothing is. The first level also
         * reads, in tables where an ID value names several items, the other items of each descendant: they are
         * members too, and so is what they refer to.
         */
        void ancestors(Reads reads) {
            List<Map.Entry<String, Hit>> pending = new ArrayList<>();
            read.forEach((model, hits) -> hits.values().forEach(hit -> pending.add(Map.entry(model, hit))));
            Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
            for (String model : models) {
                if (byId(model) && !fetchable(model)) {
                    members.getOrDefault(model, Map.of()).keySet().stream().filter(id -> !looked(model, id))
                            .forEach(id -> wanted.computeIfAbsent(model, m -> new TreeMap<>()).put(id, null));
                }
            }
            while (true) {
                for (Map.Entry<String, Hit> entry : pending) {
                    String model = entry.getKey();
                    entry.getValue().references().forEach((path, ids) -> {
                        String target = scan.targetOf(model, path);
                        if (!sources.containsKey(target)) {
                            return;
                        }
                        for (String id : ids) {
                            if (!known(target, id)) {
                                // The first referrer by name, so that the reasons do not depend on the order of reading.
                                wanted.computeIfAbsent(target, m -> new TreeMap<>()).merge(id, model + "." + path, SliceFinder::first);
                            }
                        }
                    });
                }
                if (wanted.isEmpty()) {
                    return;
                }
                reads.rounds++;
                Map<String, Set<String>> ids = new LinkedHashMap<>();
                wanted.forEach((model, vias) -> ids.put(model, vias.keySet()));
                Map<String, List<Hit>> found = fetch(ids, reads);
                pending.clear();
                found.forEach((model, hits) -> hits.forEach(hit -> {
                    if (record(model, hit)) {
                        pending.add(Map.entry(model, hit));
                    }
                    String via = wanted.get(model).get(hit.id());
                    if (via != null) {
                        reach(model, nameOf(model, hit), new Reached(Way.ANCESTOR, via));
                    }
                }));
                wanted.clear();
            }
        }

        /**
         * Reads every item holding one of the wanted ID values: by key, batched, where the table is keyed by its string
         * ID alone; otherwise by scanning it, all segments at once.
         */
        private Map<String, List<Hit>> fetch(Map<String, ? extends Collection<String>> wanted, Reads reads) {
            List<Callable<Fetched>> tasks = new ArrayList<>();
            wanted.forEach((model, ids) -> {
                looked.computeIfAbsent(model, m -> new HashSet<>()).addAll(ids);
                if (fetchable(model)) {
                    String id = plan.table(model).idAttribute();
                    List<Map<String, AttributeValue>> keys = ids.stream().map(v -> Map.of(id, AttributeValue.fromS(v))).toList();
                    tasks.add(() -> new Fetched(model, keys.size(), items.getAll(sources.get(model).name(), keys, false).stream()
                            .map(item -> scan.hit(model, item, null)).toList(), null));
                } else {
                    Set<String> set = Set.copyOf(ids);
                    for (int segment = 0, n = segmentsOf(model); segment < n; segment++) {
                        Part part = new Part(model, segment, n);
                        tasks.add(() -> {
                            Part done = scan.withIds(part, set, Deadline.none());
                            return new Fetched(model, 0, done.hits, done);
                        });
                    }
                }
            });
            Map<String, List<Hit>> found = new LinkedHashMap<>();
            for (Fetched fetched : all(tasks)) {
                if (fetched.scanned() != null) {
                    reads.add(fetched.scanned());
                } else {
                    reads.requests += (fetched.keys() + GET_BATCH - 1) / GET_BATCH;
                    reads.items += fetched.hits().size();
                }
                found.computeIfAbsent(fetched.model(), m -> new ArrayList<>()).addAll(fetched.hits());
            }
            return found;
        }

        /** Keeps a member item and the ID value it holds; true when it was not kept yet. */
        private boolean record(String model, Hit hit) {
            if (hit.id() != null) {
                idValues.computeIfAbsent(model, m -> new HashSet<>()).add(hit.id());
            }
            return read.computeIfAbsent(model, m -> new LinkedHashMap<>()).putIfAbsent(hit.key(), hit) == null;
        }

        /** Makes a member part of the slice, reached this way unless it already was; true when it is new. */
        private boolean reach(String model, String name, Reached reached) {
            return members.computeIfAbsent(model, m -> new HashMap<>()).putIfAbsent(name, reached) == null;
        }

        /** Whether the items holding this ID value are read, or looked for. */
        private boolean known(String model, String id) {
            return looked(model, id) || (byId(model) && members.getOrDefault(model, Map.of()).containsKey(id));
        }

        private boolean looked(String model, String id) {
            return looked.getOrDefault(model, Set.of()).contains(id);
        }

        private String nameOf(String model, Hit hit) {
            return byId(model) ? hit.id() : hit.key();
        }

        /** Whether members are named by their ID value (see {@link Slice.Members}). */
        private boolean byId(String model) {
            return Slice.Members.key(sources.get(model), plan.table(model).idAttribute()).isEmpty();
        }

        /** Whether records are read by key: the table is keyed by its string ID alone. */
        private boolean fetchable(String model) {
            TableInfo source = sources.get(model);
            return byId(model) && source.rangeKey() == null && source.hashKey().type() == ScalarAttributeType.S;
        }

        Slice slice(List<Slice.Root> roots, List<Slice.Phase> phases) {
            Map<String, Slice.Members> tables = new LinkedHashMap<>();
            long rootCount = 0;
            long descendantCount = 0;
            long ancestorCount = 0;
            long sourceItems = 0;
            for (String model : models) {
                TableInfo source = sources.get(model);
                sourceItems += source.approximateItemCount();
                long rooted = 0;
                Map<String, Long> descendants = new TreeMap<>();
                Map<String, Long> ancestors = new TreeMap<>();
                Map<String, Reached> reached = members.getOrDefault(model, Map.of());
                for (Reached r : reached.values()) {
                    switch (r.way()) {
                        case ROOT -> rooted++;
                        case DESCENDANT -> descendants.merge(r.via(), 1L, Long::sum);
                        case ANCESTOR -> ancestors.merge(r.via(), 1L, Long::sum);
                    }
                }
                String idAttribute = plan.table(model).idAttribute();
                tables.put(model, new Slice.Members(model, idAttribute, Slice.Members.key(source, idAttribute),
                        new ArrayList<>(reached.keySet()), rooted, descendants, ancestors));
                rootCount += rooted;
                descendantCount += descendants.values().stream().mapToLong(Long::longValue).sum();
                ancestorCount += ancestors.values().stream().mapToLong(Long::longValue).sum();
            }
            Map<Through, Tally> leaving = new LinkedHashMap<>();
            Map<Through, Tally> missing = new LinkedHashMap<>();
            for (String model : models) {
                for (var path : plan.table(model).references().entrySet()) {
                    String target = path.getValue();
                    for (Hit hit : read.getOrDefault(model, Map.of()).values()) {
                        for (String id : hit.references().getOrDefault(path.getKey().text(), List.of())) {
                            if (!sources.containsKey(target)) {
                                leaving.computeIfAbsent(new Through(model, path.getKey().text()), k -> new Tally()).add(id);
                            } else if (!idValues.getOrDefault(target, Set.of()).contains(id)) {
                                missing.computeIfAbsent(new Through(model, path.getKey().text()), k -> new Tally()).add(id);
                            }
                        }
                    }
                }
            }
            return new Slice(roots, tables, references(leaving), references(missing),
                    new Slice.Totals(rootCount + descendantCount + ancestorCount, rootCount, descendantCount, ancestorCount, sourceItems),
                    phases);
        }

        private List<Slice.Reference> references(Map<Through, Tally> tallies) {
            List<Slice.Reference> references = new ArrayList<>();
            tallies.forEach((through, tally) -> references.add(new Slice.Reference(through.model(), through.path(),
                    scan.targetOf(through.model(), through.path()), tally.count, new ArrayList<>(tally.examples))));
            return references;
        }
    }

    /** What one lookup gave: by key ({@code keys} asked for), or by a scan ({@code scanned}). */
    private record Fetched(String model, int keys, List<Hit> hits, Part scanned) {}

    private static String first(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A reference path of a model: both hold dots (a table name may, a nested path does), so neither is joined to the other. */
    private record Through(String model, String path) {}

    /** References through one path: how many, and the first few IDs by name. */
    private static final class Tally {
        long count;
        final TreeSet<String> examples = new TreeSet<>();

        void add(String id) {
            count++;
            examples.add(id);
            if (examples.size() > Slice.EXAMPLES) {
                examples.pollLast();
            }
        }
    }

    /** Runs the tasks on the pool; their results in task order, or the first failure. */
    private <T> List<T> all(List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        tasks.forEach(task -> futures.add(pool.submit(task)));
        return Tasks.joinAll(futures);
    }
}
