package dev.dmig.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stub of AWS STS's {@code AssumeRole} on a loopback port — a stub because STS cannot run here (no
 * AWS access; no emulator of it runs without Docker). It speaks STS's query protocol (a form-encoded
 * POST, an XML answer), checks the request as STS would (action, version, role ARN, session name,
 * duration, the external ID the role's trust policy asks for, a SigV4 signature) and issues session
 * credentials of letters and digits (DynamoDB Local accepts no others) that expire after
 * {@code lifetime}. Every call is recorded, including the access key it was signed with.
 */
public final class StsStub implements AutoCloseable {
    /** One AssumeRole call: who asked (the key it was signed with), for which role, and what it was given. */
    public record Call(String signedWith, String roleArn, String sessionName, String externalId, int durationSeconds,
                       String issuedKey, Instant expires) {}

    private final HttpServer server;
    private final String roleArn;
    private final String externalId;
    private final Duration lifetime;
    private final AtomicInteger issued = new AtomicInteger();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private StsStub(String roleArn, String externalId, Duration lifetime) throws IOException {
        this.roleArn = roleArn;
        this.externalId = externalId;
        this.lifetime = lifetime;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A stub that lets callers assume only {@code roleArn}, with {@code externalId} (null: none asked). */
    public static StsStub start(String roleArn, String externalId, Duration lifetime) {
        try {
            return new StsStub(roleArn, externalId, lifetime);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the STS stub", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The access keys issued so far: the first is {@code ASIASTUB1}, then {@code ASIASTUB2}, … */
    public static String key(int n) {
        return "ASIASTUB" + n;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String signedWith = signedWith(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!"POST".equals(exchange.getRequestMethod()) || !"AssumeRole".equals(form.get("Action"))
                    || !"2011-06-15".equals(form.get("Version"))) {
                error(exchange, 400, "InvalidAction", "only AssumeRole (2011-06-15) is stubbed, not " + form.get("Action"));
                return;
            }
            if (signedWith == null) {
                error(exchange, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
                return;
            }
            String session = form.getOrDefault("RoleSessionName", "");
            int duration = Integer.parseInt(form.getOrDefault("DurationSeconds", "3600"));
            if (!session.matches("[\\w+=,.@-]{2,64}") || duration < 900 || duration > 43_200) {
                error(exchange, 400, "ValidationError", "bad RoleSessionName or DurationSeconds");
                return;
            }
            if (!roleArn.equals(form.get("RoleArn")) || (externalId != null && !externalId.equals(form.get("ExternalId")))) {
                calls.add(new Call(signedWith, form.get("RoleArn"), session, form.get("ExternalId"), duration, null, null));
                error(exchange, 403, "AccessDenied", "User: arn:aws:iam::123456789012:user/caller is not authorized to perform:"
                        + " sts:AssumeRole on resource: " + form.get("RoleArn"));
                return;
            }
            String key = key(issued.incrementAndGet());
            Instant expires = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
            calls.add(new Call(signedWith, form.get("RoleArn"), session, form.get("ExternalId"), duration, key, expires));
            String account = roleArn.split(":")[4];
            String role = roleArn.substring(roleArn.indexOf(":role/") + ":role/".length());
            respond(exchange, 200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<AssumeRoleResult><Credentials>"
                    + "<AccessKeyId>" + key + "</AccessKeyId>"
                    + "<SecretAccessKey>stubsecret" + issued.get() + "</SecretAccessKey>"
                    + "<SessionToken>stubtoken" + issued.get() + "</SessionToken>"
                    + "<Expiration>" + expires + "</Expiration>"
                    + "</Credentials><AssumedRoleUser>"
                    + "<AssumedRoleId>AROASTUB:" + session + "</AssumedRoleId>"
                    + "<Arn>arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session + "</Arn>"
                    + "</AssumedRoleUser></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>stub-" + issued.get() + "</RequestId></ResponseMetadata>"
                    + "</AssumeRoleResponse>");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String signedWith(String authorization) {
        int at = authorization == null ? -1 : authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int slash = authorization.indexOf('/', at);
        return slash < 0 ? null : authorization.substring(at + "Credential=".length(), slash);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                + "<Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>stub-error</RequestId></ErrorResponse>");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
