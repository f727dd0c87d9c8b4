package dev.dmig.feature.mask;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmig.store.AwsClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A stub of AWS Secrets Manager's {@code GetSecretValue} on a loopback port — a stub because Secrets Manager is an AWS-only
 * API that cannot run here (no AWS access, and no emulator of it runs without Docker). It answers as Secrets Manager does
 * (AWS JSON 1.1: {@code POST /}, {@code X-Amz-Target: secretsmanager.GetSecretValue}, a SigV4-signed request; errors as
 * {@code __type} with status 400) with the one answer it is given, and keeps each request's body to count the reads.
 */
final class SecretsManagerStub implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer;

    private SecretsManagerStub() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static SecretsManagerStub start() {
        try {
            return new SecretsManagerStub();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the Secrets Manager stub", e);
        }
    }

    /** From now on the secret {@code arn} holds {@code text} (a SecretString). */
    void holds(String arn, String text) {
        answer(200, "{\"ARN\":" + quoted(arn) + ",\"Name\":\"dmig/mask-key\",\"SecretString\":" + quoted(text)
                + ",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"]}");
    }

    /** From now on the secret holds bytes only (a SecretBinary). */
    void holdsBinary(String arn) {
        answer(200, "{\"ARN\":" + quoted(arn) + ",\"Name\":\"dmig/mask-key\",\"SecretBinary\":\"AAEC\",\"VersionId\":\"v1\"}");
    }

    /** From now on every read is refused with {@code type}, as Secrets Manager refuses. */
    void refuses(String type) {
        answer(400, "{\"__type\":\"" + type + "\",\"message\":\"refused by the stub\"}");
    }

    private void answer(int status, String body) {
        this.status = status;
        this.answer = body;
    }

    /** The bodies of the requests so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** A Secrets Manager client of this stub, built as a deployed function builds its own. */
    SecretsManagerClient client() {
        return AwsClients.secrets(new AwsClients.Connection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Region.EU_WEST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("stubkey", "stubsecret")), 2));
    }

    /** A client of this stub's port once it is closed: nothing answers there. */
    SecretsManagerClient closedClient() {
        SecretsManagerClient client = client();
        close();
        return client;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
                reply(exchange, 400, "{\"__type\":\"UnknownOperationException\",\"message\":\"only GetSecretValue is stubbed\"}");
                return;
            }
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")
                    || !authorization.contains("/secretsmanager/aws4_request")) {
                reply(exchange, 400, "{\"__type\":\"IncompleteSignature\",\"message\":\"not signed for secretsmanager\"}");
                return;
            }
            requests.add(body);
            reply(exchange, status, answer);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
