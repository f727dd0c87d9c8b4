package dev.dmig.jmh;

import dev.dmig.idmapping.IdMapper;
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

/** New IDs per second on one thread (= per core): SHA-256 of namespace, model and a 36-character old ID, formatted as a UUID. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class IdMapperBenchmark {
    private static final int IDS = 1024;

    private IdMapper mapper;
    private String[] oldIds;
    private int next;

    @Setup
    public void setUp() {
        mapper = new IdMapper("jmh-prod");
        oldIds = new String[IDS];
        for (int i = 0; i < IDS; i++) {
            oldIds[i] = Items.id(i);
        }
    }

    @Benchmark
    public String newId() {
        next = (next + 1) & (IDS - 1);
        return mapper.newId("Records", oldIds[next]);
    }
}
