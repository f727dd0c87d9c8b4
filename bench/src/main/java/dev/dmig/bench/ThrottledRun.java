package dev.dmig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.faults.FaultProxy;
import dev.dmig.faults.WriteCapacity;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The throttled mode of the bench: a whole {@code dmig migrate} (a fresh JVM, as a user runs it) of the sample data
 * set whose every DynamoDB call goes through a front that meters writes as provisioned capacity does
 * ({@link WriteCapacity}: {@code unitsPerSecond} per target table, {@value #BURST_SECONDS} s of burst, what it cannot
 * admit answered as DynamoDB answers), with a plan that does not know the capacity (no writeRateLimit). Prints the
 * items/s achieved and, for the busiest table, the units admitted against the capacity offered.
 */
final class ThrottledRun {
    static final double BURST_SECONDS = 10;

    /** What the command line asked for: write units/s per table, items of the sample data set, segments per table. */
    record Options(int unitsPerSecond, int items, int segments) {}

    private ThrottledRun() {
    }

    /**
     * Runs it against the store at {@code dynamoDbEndpoint}; {@code migrate} names where a dmig run keeps its
     * artifacts and logs. Returns the figures, which it also prints.
     */
    static ObjectNode measure(Options options, DynamoDbClient dynamoDb, S3Client s3, String dynamoDbEndpoint, Migrate migrate,
                              PrintWriter out) {
        Dataset dataset = Dataset.of(Dataset.Kind.SAMPLE, options.items(), "bthr" + ProcessHandle.current().pid());
        out.printf(Locale.ROOT, "%nthrottled: %,d write units/s per target table (%.0f s burst), sample data set of %,d items in %d tables, "
                + "%d segments per table, no writeRateLimit%n", options.unitsPerSecond(), BURST_SECONDS, dataset.items(),
                dataset.models().size(), options.segments());
        out.flush();
        dataset.setUp(dynamoDb);
        WriteCapacity capacity = new WriteCapacity(options.unitsPerSecond(), BURST_SECONDS);
        try (FaultProxy front = FaultProxy.start(URI.create(dynamoDbEndpoint), 11)) {
            front.limitWrites(capacity);
            dataset.recreate(dynamoDb, dataset.prodSuffix);
            ObjectNode run = migrate.run(dataset, options.segments(), front.endpoint().toString(), "throttled");
            double migration = run.get("migrateSeconds").asDouble();
            long items = run.get("items").asLong();
            Map.Entry<String, WriteCapacity.Written> busiest = capacity.busiest().orElseThrow();
            WriteCapacity.Written table = busiest.getValue();
            double offered = capacity.offeredUnits(table);
            double share = table.units() / offered;
            // The tables that asked for more than they were offered (some write refused), against what each was offered
            // while it was written: the share of the capacity the run used where capacity was what held it back.
            List<WriteCapacity.Written> throttled = capacity.written().values().stream().filter(t -> t.refused() > 0).toList();
            double throttledOffered = throttled.stream().mapToDouble(capacity::offeredUnits).sum();
            long throttledUnits = throttled.stream().mapToLong(WriteCapacity.Written::units).sum();
            double throttledShare = throttledOffered > 0 ? throttledUnits / throttledOffered : 0;
            ObjectNode figures = run.putObject("throttled");
            figures.put("throttledTables", throttled.size());
            figures.put("throttledTablesShareOfOffered", Worker.round(throttledShare * 100) / 100.0);
            figures.put("unitsPerSecond", options.unitsPerSecond());
            figures.put("burstSeconds", BURST_SECONDS);
            figures.put("segments", options.segments());
            figures.put("tables", dataset.models().size());
            figures.put("itemsPerSecond", Math.round(items / migration));
            figures.put("admittedUnits", capacity.admittedUnits());
            figures.put("refusedItems", capacity.refusedItems());
            figures.put("busiestTable", busiest.getKey());
            figures.put("busiestUnits", table.units());
            figures.put("busiestSeconds", Worker.round(table.seconds()));
            figures.put("busiestShareOfOffered", Worker.round(share * 100) / 100.0);
            out.printf(Locale.ROOT, "  dmig migrate  %s in %.1f s, fresh JVM (migration phase %.1f s: %,.0f items/s over %d tables)%n",
                    run.get("status").asText(), run.get("processSeconds").asDouble(), migration, items / migration,
                    dataset.models().size());
            out.printf(Locale.ROOT, "  front         %,d units admitted in all; %,d items refused and sent again by dmig%n",
                    capacity.admittedUnits(), capacity.refusedItems());
            out.printf(Locale.ROOT, "  %2d tables throttled (some write refused): %,d units admitted of %,.0f offered while each was "
                    + "written: %.0f%%%n", throttled.size(), throttledUnits, throttledOffered, throttledShare * 100);
            out.printf(Locale.ROOT, "  busiest table %s: %,d units in %.1f s = %.1f units/s against %,d offered: %.0f%% of the "
                            + "capacity offered (burst + rate x time)%n", busiest.getKey(), table.units(), table.seconds(),
                    table.seconds() > 0 ? table.units() / table.seconds() : 0.0, options.unitsPerSecond(), share * 100);
            return run;
        } finally {
            dataset.tearDown(dynamoDb);
        }
    }

    /** A whole dmig migrate of a data set against an endpoint, as the bench runs it elsewhere. */
    interface Migrate {
        ObjectNode run(Dataset dataset, int segments, String dynamoDbEndpoint, String label);
    }
}
