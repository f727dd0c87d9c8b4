package dev.dmig.jmh;

import dev.dmig.migrate.ItemTransformer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items transformed per second on one thread (= per core): a ~1 KB record with its own ID and five
 * references to map (parent, three in a list, one in a map), and a record with only its own ID.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ItemTransformerBenchmark {
    private static final int ITEMS = 1024;

    private ItemTransformer transformer;
    private Map<String, AttributeValue>[] withReferences;
    private Map<String, AttributeValue>[] plain;
    private int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        transformer = new ItemTransformer(Items.plan());
        withReferences = new Map[ITEMS];
        plain = new Map[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            withReferences[i] = Items.record(i, ITEMS, true);
            plain[i] = Items.record(i, ITEMS, false);
        }
    }

    @Benchmark
    public Map<String, AttributeValue> fiveReferences() {
        next = (next + 1) & (ITEMS - 1);
        return transformer.transform("Records", withReferences[next]);
    }

    @Benchmark
    public Map<String, AttributeValue> idOnly() {
        next = (next + 1) & (ITEMS - 1);
        return transformer.transform("Plain", plain[next]);
    }
}
