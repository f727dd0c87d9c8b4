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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prints of the source values a masked run replaced ({@link PrintedValues}), stored together once its analysis is
 * summed ({@code runs/<id>/mask/source-prints.bin}, 8 bytes each, sorted: keyed prints, never a value), and read by the
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
                    known = artifacts.get(path(runId)).map(RunPrints::decoded).map(PrintSet::of).orElse(PrintSet.EMPTY);
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
            long[] distinct = PrintSet.distinct(all, size);
            ByteBuffer bytes = ByteBuffer.allocate(distinct.length * Long.BYTES);
            bytes.asLongBuffer().put(distinct);
            parts.artifacts().put(path(parts.runId()), bytes.array(), "application/octet-stream");
            return analysis;
        }
    }
}
