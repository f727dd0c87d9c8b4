package dev.dmig.jmh;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.migrate.ItemTransformer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The same operations as the JMH benchmarks, per second of this thread's CPU time rather than of
 * wall time: a figure per core that holds on a machine busy with other work, where JMH's wall-clock
 * throughput drops with every other process. Run: {@code java -cp bench/target/dmig-bench.jar dev.dmig.jmh.CpuTime}.
 */
public final class CpuTime {
    private static final int N = 1024;
    private static volatile Object sink;

    private CpuTime() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        IdMapper mapper = new IdMapper("jmh-prod");
        ItemTransformer transformer = new ItemTransformer(Items.plan());
        String[] ids = new String[N];
        Map<String, AttributeValue>[] withReferences = new Map[N];
        Map<String, AttributeValue>[] plain = new Map[N];
        for (int i = 0; i < N; i++) {
            ids[i] = Items.id(i);
            withReferences[i] = Items.record(i, N, true);
            plain[i] = Items.record(i, N, false);
        }
        for (int round = 1; round <= 3; round++) {
            report("IdMapper.newId", round, i -> sink = mapper.newId("Records", ids[i & (N - 1)]));
            report("ItemTransformer.transform, five references", round, i -> sink = transformer.transform("Records", withReferences[i & (N - 1)]));
            report("ItemTransformer.transform, ID only", round, i -> sink = transformer.transform("Plain", plain[i & (N - 1)]));
        }
    }

    private static void report(String name, int round, IntConsumer op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long ops = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        while (threads.getCurrentThreadCpuTime() - cpuStart < 2_000_000_000L) {
            for (int i = 0; i < 10_000; i++) {
                op.accept(i);
            }
            ops += 10_000;
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf("round %d  %-45s %,12.0f per CPU-second  (%,12.0f per wall second)%n", round, name, ops / cpu, ops / wall);
    }
}
