package dev.dmig.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmig.store.AwsClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A stub of AWS Lambda's {@code GetAccountSettings} on a loopback port — a stub because the Lambda API cannot run here
 * (no AWS access, and no emulator of it runs without Docker). It answers as Lambda does ({@code GET
 * /2016-08-19/account-settings/}, a SigV4-signed request, the JSON of {@code AccountLimit} and {@code AccountUsage})
 * with the limits it is given, which a test may lower between calls, and counts the calls.
 */
public final class LambdaAccountStub implements AutoCloseable {
    private final HttpServer server;
    private volatile int concurrentExecutions;
    private volatile int unreservedConcurrentExecutions;
    private volatile boolean denied;
    private final AtomicInteger calls = new AtomicInteger();

    private LambdaAccountStub(int concurrentExecutions, int unreservedConcurrentExecutions) throws IOException {
        this.concurrentExecutions = concurrentExecutions;
        this.unreservedConcurrentExecutions = unreservedConcurrentExecutions;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** An account whose limit is {@code concurrentExecutions}, of which {@code unreserved} no function has reserved. */
    public static LambdaAccountStub start(int concurrentExecutions, int unreserved) {
        try {
            return new LambdaAccountStub(concurrentExecutions, unreserved);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the Lambda stub", e);
        }
    }

    /** The account's limits from now on (a quota change, a reservation made elsewhere). */
    public void limits(int concurrentExecutions, int unreserved) {
        this.concurrentExecutions = concurrentExecutions;
        this.unreservedConcurrentExecutions = unreserved;
    }

    /** From now on, refuses the call as Lambda refuses a role without lambda:GetAccountSettings. */
    public void deny() {
        this.denied = true;
    }

    public int calls() {
        return calls.get();
    }

    /** A Lambda client of this stub, built as a deployed function builds its own. */
    public LambdaClient client() {
        return AwsClients.lambda(new AwsClients.Connection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Region.EU_WEST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("stubkey", "stubsecret")), 2));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"GET".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().startsWith("/2016-08-19/account-settings")) {
                reply(exchange, 404, "{\"Type\":\"User\",\"message\":\"only GetAccountSettings is stubbed\"}");
                return;
            }
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ") || !authorization.contains("/lambda/aws4_request")) {
                reply(exchange, 403, "{\"Type\":\"User\",\"message\":\"not signed for lambda with SigV4\"}");
                return;
            }
            calls.incrementAndGet();
            if (denied) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "AccessDeniedException");
                reply(exchange, 403, "{\"Type\":\"User\",\"Message\":\"User: arn:aws:sts::123456789012:assumed-role/"
                        + "dmig-AnalyzeFunctionRole/dmig-AnalyzeFunction is not authorized to perform: lambda:GetAccountSettings\"}");
                return;
            }
            reply(exchange, 200, "{\"AccountLimit\":{\"TotalCodeSize\":80530636800,\"CodeSizeUnzipped\":262144000,"
                    + "\"CodeSizeZipped\":52428800,\"ConcurrentExecutions\":" + concurrentExecutions
                    + ",\"UnreservedConcurrentExecutions\":" + unreservedConcurrentExecutions + "},"
                    + "\"AccountUsage\":{\"TotalCodeSize\":183500800,\"FunctionCount\":7}}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
