package dev.dmig.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The peer dmig is compared with: the npm package {@code copy-dynamodb-table} (aws-sdk v2 for JS), run as
 * a user runs it, {@code node} on a small script in a fresh process per copy, timed from start to exit.
 * The package is installed once into a cache directory; without node or npm there is no peer.
 */
final class PeerCopy {
    static final String PACKAGE = "copy-dynamodb-table";
    static final String VERSION = "2.2.1";
    /** The package asks for aws-sdk ^2.630.0; the last v2 release is pinned so that every install measures the same SDK. */
    static final String AWS_SDK_VERSION = "2.1693.0";

    /** Copies each source table into its destination, one after another (the package copies one table per call). */
    private static final String SCRIPT = """
            'use strict';
            // Written by dmig bench. Credentials come from the environment, as aws-sdk's default chain reads them.
            const { copy } = require('copy-dynamodb-table');
            const [endpoint, region, ...pairs] = process.argv.slice(2);
            const config = { endpoint, region };
            let copied = 0;
            function next(i) {
              if (i === pairs.length) {
                console.log(JSON.stringify({ copied }));
                return;
              }
              const [source, destination] = pairs[i].split('=');
              copy({ config, source: { tableName: source }, destination: { tableName: destination }, log: false, create: false },
                (err, result) => {
                  if (err) {
                    console.error(source + ' -> ' + destination + ': ' + (err.message || err));
                    process.exit(1);
                  }
                  copied += result.count;
                  next(i + 1);
                });
            }
            next(0);
            """;

    /** Why there is no peer to measure on this machine: node or npm missing, or the package not installable. */
    static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * One copy: the process's time from start to exit, the items the package said it copied, and the CPU-seconds the
     * process used (empty where that could not be read).
     */
    record Result(double seconds, long copied, OptionalDouble cpuSeconds) {
    }

    private final Path dir;
    private final Path script;
    final String nodeVersion;

    private PeerCopy(Path dir, Path script, String nodeVersion) {
        this.dir = dir;
        this.script = script;
        this.nodeVersion = nodeVersion;
    }

    /** Installs the package into {@code cache} unless it is there already, and writes the script beside it. */
    static PeerCopy prepare(Path cache) throws UnavailableException {
        String node = version("node");
        version("npm");
        Path dir = cache.resolve(PACKAGE + "-" + VERSION);
        try {
            if (!installed(dir)) {
                Files.createDirectories(dir);
                Path log = dir.resolve("npm-install.log");
                int code = run("npm install", List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                        PACKAGE + "@" + VERSION, "aws-sdk@" + AWS_SDK_VERSION), dir, log, Map.of(), 10);
                if (code != 0 || !installed(dir)) {
                    throw new UnavailableException("npm install " + PACKAGE + "@" + VERSION + " in " + dir + " failed (exit " + code
                            + "); its log: " + log);
                }
            }
            Path script = dir.resolve("peer-copy.js");
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            return new PeerCopy(dir, script, node);
        } catch (IOException | IllegalStateException e) {
            throw new UnavailableException("cannot install " + PACKAGE + " into " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Runs one copy in a fresh node process and times it from start to exit. {@code tables} maps each
     * source table to its empty destination; {@code accessKey} null leaves credentials to the environment.
     */
    Result copy(String endpoint, String region, String accessKey, String secretKey, Map<String, String> tables, Path log) {
        List<String> command = new ArrayList<>(List.of("node", script.toString(), endpoint, region));
        tables.forEach((source, destination) -> command.add(source + "=" + destination));
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1");
        if (accessKey != null) {
            environment.put("AWS_ACCESS_KEY_ID", accessKey);
            environment.put("AWS_SECRET_ACCESS_KEY", secretKey);
        }
        long start = System.nanoTime();
        int code;
        try {
            code = run("node " + script.getFileName(), ProcessCpu.measured(command, log), dir, log, environment, 60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(PACKAGE + " failed (exit " + code + "); its log: " + log);
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            JsonNode last = Json.tree(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8));
            return new Result(seconds, last.path("copied").asLong(), ProcessCpu.childSeconds(log));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(PACKAGE + " ended without its count of copied items; its log: " + log);
        }
    }

    private static boolean installed(Path dir) throws IOException {
        Path manifest = dir.resolve("node_modules").resolve(PACKAGE).resolve("package.json");
        return Files.isRegularFile(manifest) && Json.tree(Files.readAllBytes(manifest)).path("version").asText().equals(VERSION);
    }

    private static String version(String tool) throws UnavailableException {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                throw new UnavailableException(tool + " --version failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UnavailableException(tool + " is not on the PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while looking for " + tool);
        }
    }

    /** {@code what}: the command as the messages name it. */
    private static int run(String what, List<String> command, Path dir, Path log, Map<String, String> environment, int minutes)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not end within " + minutes
                        + " minutes; its log: " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
