package dev.dmig.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP front on a loopback port before the tests' S3 server that answers {@code 403 AccessDenied}, as S3 does to a
 * caller without {@code s3:GetObject}, to a connection whose first request is a GET of one bucket's object; it passes
 * every other connection through unchanged, so signed requests reach the server as they were signed. S3Proxy has no
 * IAM: this is how a test meets a denied read. It reads the first request line of each connection only, enough for a
 * client that makes that request first (a client made for one read).
 */
public final class DenyingS3Front implements AutoCloseable {
    private final ServerSocket server;
    private final URI upstream;
    private final String deniedPath;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "denying-s3-front");
        thread.setDaemon(true);
        return thread;
    });

    private DenyingS3Front(URI upstream, String bucket, String key) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstream = upstream;
        this.deniedPath = "/" + bucket + "/" + key;
        var unused = pumps.submit(this::accept);
    }

    /** A front to {@code upstream} (the S3 server) that denies GETs of {@code bucket}'s {@code key}. */
    public static DenyingS3Front start(URI upstream, String bucket, String key) {
        try {
            return new DenyingS3Front(upstream, bucket, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the denying S3 front", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                var unused = pumps.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            String requestLine = line.toString(StandardCharsets.ISO_8859_1).strip();
            String[] parts = requestLine.split(" ");
            String path = parts.length < 2 ? "" : URLDecoder.decode(parts[1].replaceFirst("\\?.*", ""), StandardCharsets.UTF_8);
            if (parts[0].equals("GET") && path.equals(deniedPath)) {
                deny(client.getOutputStream());
                return;
            }
            try (Socket server = new Socket(upstream.getHost(), upstream.getPort())) {
                OutputStream up = server.getOutputStream();
                up.write((requestLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                up.flush();
                var unused = pumps.submit(() -> pump(in, up));
                pump(server.getInputStream(), client.getOutputStream());
            }
        } catch (IOException e) {
            // The connection ended (the client or the server closed it): nothing of it is left to pass on.
            return;
        }
    }

    private static void deny(OutputStream out) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                + "<RequestId>DENYINGFRONT</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // One side closed: the other's pump ends with it.
            return;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pumps.shutdownNow();
    }
}
