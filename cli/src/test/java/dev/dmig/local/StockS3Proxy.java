package dev.dmig.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy as a person runs it: its own process ({@code org.gaul.s3proxy.Main} with a properties file), the filesystem
 * provider under a directory of the test's, its own key pair, nothing set beyond what its README shows (so it answers
 * 501 NotImplemented to version listing and to the S3 headers it does not know, such as the bucket owner's). Not the
 * embedded store: that one ignores unknown headers and keeps its objects in memory with versions.
 */
public final class StockS3Proxy implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration START = Duration.ofSeconds(60);

    public final URI endpoint;
    public final AwsBasicCredentials keys;
    private final Process process;
    private final Path log;

    private StockS3Proxy(URI endpoint, AwsBasicCredentials keys, Process process, Path log) {
        this.endpoint = endpoint;
        this.keys = keys;
        this.process = process;
        this.log = log;
    }

    /** Starts one under {@code dir} on a free port of 127.0.0.1, with a key pair of its own, and waits until it answers. */
    public static StockS3Proxy start(Path dir) throws IOException, InterruptedException {
        String tag = "own" + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        return start(dir, AwsBasicCredentials.create(tag + "key", tag + "secret"));
    }

    /** Starts one under {@code dir} on a free port of 127.0.0.1 that accepts {@code keys}, and waits until it answers. */
    public static StockS3Proxy start(Path dir, AwsBasicCredentials keys) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("s3proxy-data"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + keys.accessKeyId(),
                "s3proxy.credential=" + keys.secretAccessKey(),
                "jclouds.provider=filesystem",
                "jclouds.identity=" + keys.accessKeyId(),
                "jclouds.credential=" + keys.secretAccessKey(),
                "jclouds.filesystem.basedir=" + data.toAbsolutePath()) + "\n", StandardCharsets.UTF_8);
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        StockS3Proxy proxy = new StockS3Proxy(URI.create("http://127.0.0.1:" + port), keys, process, log);
        proxy.awaitAnswer();
        return proxy;
    }

    private void awaitAnswer() throws InterruptedException, IOException {
        long until = System.nanoTime() + START.toNanos();
        try (S3Client s3 = client()) {
            while (true) {
                try {
                    s3.listBuckets();
                    return;
                } catch (SdkClientException e) {
                    if (!process.isAlive() || System.nanoTime() > until) {
                        close();
                        throw new IllegalStateException("S3Proxy did not answer at " + endpoint + ": "
                                + Files.readString(log, StandardCharsets.UTF_8), e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** A client signed with the server's own keys. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(keys)).forcePathStyle(true).build();
    }

    /** A bucket name of the test's own. */
    public static String bucket(String name) {
        return name.toLowerCase(Locale.ROOT) + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
