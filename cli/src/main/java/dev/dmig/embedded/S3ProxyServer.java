package dev.dmig.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * S3Proxy running in this JVM on 127.0.0.1, checking SigV4 signatures against one key pair, and ignoring the S3 headers
 * it does not act on.
 */
final class S3ProxyServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * No graceful stop: dmig's own requests are over when it closes the stack, and a graceful stop would wait
     * for the SDK's idle keep-alive connections, then fail with a TimeoutException.
     */
    private static final long STOP_TIMEOUT_MILLIS = 0;

    private final S3Proxy proxy;
    private final BlobStore blobStore;

    private S3ProxyServer(S3Proxy proxy, BlobStore blobStore) {
        this.proxy = proxy;
        this.blobStore = blobStore;
    }

    /** Keeps objects in memory when {@code blobDir} is null, else as files under {@code blobDir}. */
    static S3ProxyServer start(Path blobDir, String accessKeyId, String secretAccessKey) {
        BlobStore blobStore = blobDir == null ? new TransientNio2BlobStore() : filesystemBlobStore(blobDir);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKeyId, secretAccessKey)
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                // S3 headers S3Proxy does not act on, such as the bucket owner dmig names (x-amz-expected-bucket-owner),
                // are ignored rather than refused: one account owns every bucket of the embedded store.
                .ignoreUnknownHeaders(true)
                .build();
        S3ProxyServer server = new S3ProxyServer(proxy, blobStore);
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.closeAfterFailedStart(e);
            throw new EmbeddedStackException("interrupted while S3Proxy was starting", e);
        } catch (Exception e) {
            server.closeAfterFailedStart(e);
            if (e instanceof EmbeddedStackException known) {
                throw known;
            }
            throw new EmbeddedStackException("S3Proxy did not start on 127.0.0.1: " + e.getMessage(), e);
        }
        return server;
    }

    int port() {
        return proxy.getPort();
    }

    /**
     * Straight into the blob store the server serves: building an SDK client here would add about a second to
     * start-up, and the app builds its own anyway.
     */
    void createBucketIfMissing(String bucket) {
        if (!blobStore.containerExists(bucket)) {
            blobStore.createContainer(bucket);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new EmbeddedStackException("S3Proxy did not stop cleanly: " + e, e);
        } finally {
            blobStore.close();
        }
    }

    private static BlobStore filesystemBlobStore(Path blobDir) {
        try {
            Files.createDirectories(blobDir);
        } catch (IOException e) {
            throw new EmbeddedStackException("cannot create S3 directory " + blobDir + ": " + e, e);
        }
        return new FilesystemNio2BlobStore(blobDir.toAbsolutePath().toString());
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new EmbeddedStackException(
                        "S3Proxy did not reach STARTED within " + START_TIMEOUT.toSeconds() + " s; state " + proxy.getState());
            }
            Thread.sleep(5);
        }
    }

    private void closeAfterFailedStart(Exception failure) {
        try {
            close();
        } catch (RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
