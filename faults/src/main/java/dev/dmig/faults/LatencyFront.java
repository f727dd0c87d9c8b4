package dev.dmig.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP front on a free loopback port that adds a fixed latency to every request-response round trip
 * to the server behind it, as a store in another building would: the first bytes of each request on a
 * connection (the first on a new connection, or the first after the server answered) wait {@code latency}
 * before they are passed on; everything else passes at once. It knows nothing of HTTP beyond that
 * rhythm, so signed requests reach the server unchanged. A request that waits for {@code 100 Continue}
 * before its body pays the latency twice, as it does over a real network.
 */
public final class LatencyFront implements AutoCloseable {
    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final long latencyMillis;
    private final ExecutorService pumps;
    private final AtomicLong delayed = new AtomicLong();
    private volatile boolean closed;

    private LatencyFront(URI upstream, long latencyMillis) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.latencyMillis = latencyMillis;
        AtomicInteger threads = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "latency-front-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // The accepting loop and each connection's pumps end with the front; what one throws ends that connection only.
        var unused = pumps.submit(this::accept);
    }

    /** Starts a front to {@code upstream} (an {@code http://host:port} endpoint) adding {@code latencyMillis} per round trip. */
    public static LatencyFront start(URI upstream, long latencyMillis) {
        if (latencyMillis < 0 || upstream.getPort() < 0) {
            throw new IllegalArgumentException("a latency front needs a latency of 0 ms or more and an endpoint with a port, not "
                    + latencyMillis + " ms to " + upstream);
        }
        try {
            return new LatencyFront(upstream, latencyMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the latency front", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Round trips delayed so far. */
    public long delayed() {
        return delayed.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                throw new UncheckedIOException("the latency front stopped accepting connections", e);
            }
            var unused = pumps.submit(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream;
        try {
            client.setTcpNoDelay(true);
            upstream = new Socket(upstreamHost, upstreamPort);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            close(client);
            return;
        }
        // Set when the server has answered since the client last sent: the client's next bytes start a request.
        AtomicBoolean answered = new AtomicBoolean(true);
        var unused = pumps.submit(() -> pump(upstream, client, () -> answered.set(true)));
        pump(client, upstream, () -> {
            if (answered.getAndSet(false)) {
                delayed.incrementAndGet();
                sleep();
            }
        });
    }

    /** Copies {@code from} to {@code to} until either side closes; {@code beforeChunk} runs before each chunk is passed on. */
    private void pump(Socket from, Socket to, Runnable beforeChunk) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                beforeChunk.run();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // A connection closed by either side ends its pumps; the client sees the close as a real network's.
        } finally {
            close(from);
            close(to);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed by the other pump: nothing left to release.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the latency front's port", e);
        }
        pumps.shutdownNow();
    }
}
