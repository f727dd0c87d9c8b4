package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "test", sortOptions = false,
        header = "Migrates a few records of one table, with their parents, and checks them.",
        description = {"Migrates a few records of one table — one by --id, or the first --limit — and, with --with-parents, "
                        + "every record they reference; journals them, writes parents first, reads each one back and checks its "
                        + "references. Safe to repeat: records already present and identical are left alone. With --root instead "
                        + "of --table: the root's whole slice (docs/slices.md)."})
final class TestCommand implements Callable<Integer> {
    @Mixin
    RunLauncher launcher;

    @Mixin
    PlanOptions options;

    @Option(names = "--table", paramLabel = "MODEL", description = "The model to take test records from, e.g. Requests.")
    String table;

    @Mixin
    SliceOptions slice;

    @ArgGroup(exclusive = true)
    Which which = new Which();

    static final class Which {
        @Option(names = "--id", paramLabel = "ID", description = "The source ID of the record to migrate.")
        String id;

        @Option(names = "--limit", paramLabel = "N", description = "Migrate the first N records (default: 1).")
        Integer limit;
    }

    @Option(names = "--with-parents", description = "Also migrate every record the test records reference, recursively.")
    boolean withParents;

    @Override
    public Integer call() {
        String runId = options.runId();
        boolean sliced = slice.roots != null && !slice.roots.isEmpty();
        if (sliced == (table != null) || (sliced && (which.id != null || which.limit != null || withParents))) {
            throw new IllegalArgumentException(sliced
                    ? "--root tests the root's whole slice: leave out --table, --id, --limit and --with-parents"
                    : "test needs --table MODEL (with --id or --limit) or --root MODEL:ID");
        }
        ObjectNode input = launcher.input("test", runId, options, slice);
        if (sliced) {
            return launcher.start("test", runId, runId, input);
        }
        input.put("table", table);
        if (which.id != null) {
            input.put("sourceId", which.id);
        }
        input.put("limit", which.limit == null ? 1 : which.limit);
        input.put("withParents", withParents);
        return launcher.start("test", runId, runId, input);
    }
}
