package dev.dmig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the one-pass copier ({@link OnePass}) as a team runs its script: a fresh JVM with Java's defaults, from
 * this bench's class path, timed from process start to exit.
 */
final class OnePassProcess {
    /** Threads, and connections: as many as dmig's segment tasks and writers use at once. */
    static final int THREADS = 16;

    private OnePassProcess() {
    }

    /** Runs it with {@code plan} (its identity map beside it) against {@code stores}, {@code jvmOptions} added; its seconds and CPU-seconds. */
    static ObjectNode run(List<String> jvmOptions, Path plan, Bench.Stores stores, Path log) {
        return run(jvmOptions, plan, stores, log, false);
    }

    /** As above; {@code sequential}: one table after another, rather than every table at once. */
    static ObjectNode run(List<String> jvmOptions, Path plan, Bench.Stores stores, Path log, boolean sequential) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OnePass.class.getName(), stores.dynamoDbEndpoint(), stores.s3Endpoint(), stores.region(),
                plan.toString(), Integer.toString(THREADS), sequential ? "sequential" : "parallel"));
        if (stores.accessKey() != null) {
            command.add(stores.accessKey());
            command.add(stores.secretKey());
        }
        ProcessBuilder builder = new ProcessBuilder(ProcessCpu.measured(command, log)).redirectErrorStream(true).redirectOutput(log.toFile());
        long start = System.nanoTime();
        int code;
        try {
            code = builder.start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the one-pass copier: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("the one-pass copier failed (exit " + code + "); its log: " + log);
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mode", "onepass");
        node.put("seconds", Worker.round(seconds));
        ProcessCpu.childSeconds(log).ifPresent(cpu -> node.put("cpuSeconds", Worker.round(cpu)));
        return node;
    }
}
