package dev.dmig.feature.mask;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prints of the source values a masked run replaced ({@link PrintedValues}), stored together once its analysis is
 * summed ({@code runs/<id>/mask/source-prints.bin}, 8 bytes each, sorted: keyed prints, never a value), with those of the
 * source users it puts in the target's pool ({@code mask/user-prints.bin}, stored before the scans), read by the
 * processes that validate the run as a value of its mappings ({@link Loaded}, read when first asked, once per process).
 * A run analyzed before prints were kept has none: nothing is looked for.
 */
final class RunPrints implements RunMappings.Feature {
    private static final int RUNS_KEPT = 2;
    private static final Map<String, PrintSet> LOADED = new LinkedHashMap<>(RUNS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PrintSet> eldest) {
            return size() > RUNS_KEPT;
        }
    };

    static String path(String runId) {
        return RunLayout.prefix(runId) + "mask/source-prints.bin";
    }

    /** Where the prints of the source users' values the run masks in the target's pool are ({@link MaskedUser#printed}). */
    static String usersPath(String runId) {
        return RunLayout.prefix(runId) + "mask/user-prints.bin";
    }

    /** Stores the prints of the users a masked run puts in the target's pool, before the scans. */
    static void storeUsers(ArtifactStore artifacts, String runId, long[] prints) {
        store(artifacts, usersPath(runId), PrintSet.of(prints).prints());
    }

    private static void store(ArtifactStore artifacts, String path, long[] distinct) {
        ByteBuffer bytes = ByteBuffer.allocate(distinct.length * Long.BYTES);
        bytes.asLongBuffer().put(distinct);
        artifacts.put(path, bytes.array(), "application/octet-stream");
    }

    /** A masked run's prints, read from its artifacts when first asked. */
    @Override
    public Object of(ArtifactStore artifacts, MigrationPlan plan, String runId) {
        return plan.section(MaskSettings.class) == null ? null : new Loaded(artifacts, runId);
    }

    /** A preview keeps none: what it shows is checked by the one who looks. */
    @Override
    public Object preview(ItemStore items, MigrationPlan plan, String model, RunMappings run) {
        return null;
    }

    /** A run's prints, read once per process when first asked. */
    static final class Loaded {
        private final ArtifactStore artifacts;
        private final String runId;

        Loaded(ArtifactStore artifacts, String runId) {
            this.artifacts = artifacts;
            this.runId = runId;
        }

        PrintSet prints() {
            String key = artifacts.location() + "/" + runId;
            synchronized (LOADED) {
                PrintSet known = LOADED.get(key);
                if (known == null) {
                    long[] values = decoded(artifacts.get(path(runId)).orElse(new byte[0]));
                    long[] users = decoded(artifacts.get(usersPath(runId)).orElse(new byte[0]));
                    long[] all = Arrays.copyOf(values, values.length + users.length);
                    System.arraycopy(users, 0, all, values.length, users.length);
                    known = PrintSet.of(all);
                    LOADED.put(key, known);
                }
                return known;
            }
        }
    }

    private static long[] decoded(byte[] bytes) {
        long[] prints = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).asLongBuffer().get(prints);
        return prints;
    }

    /** Stores the run's prints once the analysis is summed: its tables' sections', together. */
    static final class Kept implements RunCheck {
        private final RunCheck.Parts parts;

        private Kept(RunCheck.Parts parts) {
            this.parts = parts;
        }

        /** A masked run's. */
        static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
            if (parts.plan().section(MaskSettings.class) != null) {
                checks.add(new Kept(parts));
            }
        }

        @Override
        public Analysis summarized(Analysis analysis) {
            List<long[]> taken = new ArrayList<>();
            int size = 0;
            for (TableAnalysis table : analysis.tables()) {
                PrintedValues.Section section = table.section(PrintedValues.TALLY.name(), PrintedValues.Section.class);
                long[] prints = section == null ? null : section.take();
                if (prints != null) {
                    taken.add(prints);
                    size += prints.length;
                }
            }
            long[] all = new long[size];
            int at = 0;
            for (long[] prints : taken) {
                System.arraycopy(prints, 0, all, at, prints.length);
                at += prints.length;
            }
            store(parts.artifacts(), path(parts.runId()), PrintSet.distinct(all, size));
            return analysis;
        }
    }
}
