package dev.dmig.embedded;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * An S3-compatible server of a test's own, as a user runs one for dmig's artifacts ({@code --s3-endpoint}): S3Proxy in
 * this JVM on 127.0.0.1 at a free port, objects in memory, accepting one key pair (the one the CLI finds in the default
 * chain). Closing it stops it: a server that is gone.
 */
public final class OwnS3 implements AutoCloseable {
    private final S3ProxyServer server;

    private OwnS3(S3ProxyServer server) {
        this.server = server;
    }

    public static OwnS3 start(AwsCredentials keys) {
        return new OwnS3(S3ProxyServer.start(null, keys.accessKeyId(), keys.secretAccessKey()));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() {
        server.close();
    }
}
