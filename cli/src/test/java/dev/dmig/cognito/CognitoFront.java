package dev.dmig.cognito;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-side front before cognito-local, on a free loopback port, doing two things the emulator does not: it pages
 * ListUsers as Cognito does ({@code pageSize} users a page at most, fewer when the request's Limit says so, each page
 * naming the next by a token), so that dmig's paging is exercised on the real SDK paginator; and it answers
 * {@code AccessDeniedException}, as IAM makes Cognito answer, for the pools a test denies (or for their pages after
 * the first). Every other request goes
 * through as it came; an AdminCreateUser a test names has its answer lost once ({@link #loseAnswerOfCreateUser}). It records each ListUsers request (pool, Limit, token).
 */
public final class CognitoFront implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST_USERS = "AWSCognitoIdentityProviderService.ListUsers";
    private static final String CREATE_USER = "AWSCognitoIdentityProviderService.AdminCreateUser";

    /** One ListUsers request as it arrived. */
    public record Listing(String userPoolId, Integer limit, String token) {}

    private final HttpServer server;
    private final URI behind;
    private final int pageSize;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Set<String> deniedPages = ConcurrentHashMap.newKeySet();
    private final List<Listing> listings = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> lostCreations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();

    public CognitoFront(URI behind, int pageSize) {
        this.behind = behind;
        this.pageSize = pageSize;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, ListUsers on {@code userPoolId} is refused as a caller without cognito-idp:ListUsers on it is. */
    public void deny(String userPoolId) {
        denied.add(userPoolId);
    }

    /**
     * From now on, ListUsers on {@code userPoolId} is refused as {@link #deny} refuses it when the request asks for a page
     * after the first (it carries a page token): a pool whose permission is withdrawn while it is listed, its first page
     * read (and a check of it passed) before.
     */
    public void denyPagesAfterTheFirst(String userPoolId) {
        deniedPages.add(userPoolId);
    }

    /**
     * The {@code nth} AdminCreateUser on {@code userPoolId} from now on goes through (the user is created), and its answer
     * is lost: the caller gets Cognito's {@code InternalErrorException} as HTTP 400, which no SDK retries, once.
     */
    public void loseAnswerOfCreateUser(String userPoolId, int nth) {
        lostCreations.put(userPoolId, new AtomicInteger(nth));
    }

    /** The AdminCreateUser requests on {@code userPoolId} that the pool answered with a user so far. */
    public int creations(String userPoolId) {
        AtomicInteger made = creations.get(userPoolId);
        return made == null ? 0 : made.get();
    }

    /** The ListUsers requests that reached the front so far. */
    public List<Listing> listings() {
        return List.copyOf(listings);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (CREATE_USER.equals(target)) {
            HttpResponse<byte[]> response = forward(target, body);
            String pool = JSON.readTree(body).path("UserPoolId").asText();
            if (response.statusCode() == 200) {
                creations.computeIfAbsent(pool, p -> new AtomicInteger()).incrementAndGet();
            }
            AtomicInteger lost = lostCreations.get(pool);
            if (response.statusCode() == 200 && lost != null && lost.decrementAndGet() == 0) {
                answer(exchange, 400, JSON.writeValueAsBytes(JSON.createObjectNode().put("__type", "InternalErrorException")
                        .put("message", "the test's front lost this answer")));
                return;
            }
            answer(exchange, response.statusCode(), response.body());
            return;
        }
        if (!LIST_USERS.equals(target)) {
            HttpResponse<byte[]> response = forward(target, body);
            answer(exchange, response.statusCode(), response.body());
            return;
        }
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        String pool = request.path("UserPoolId").asText();
        Integer limit = request.has("Limit") ? request.get("Limit").asInt() : null;
        String token = request.path("PaginationToken").textValue();
        listings.add(new Listing(pool, limit, token));
        if (denied.contains(pool) || (token != null && deniedPages.contains(pool))) {
            String arn = "arn:aws:cognito-idp:us-east-1:111111111111:userpool/" + pool;
            answer(exchange, 400, JSON.writeValueAsBytes(JSON.createObjectNode().put("__type", "AccessDeniedException")
                    .put("message", "User: arn:aws:sts::111111111111:assumed-role/dmig-analyze/dmig-run is not authorized to "
                            + "perform: cognito-idp:ListUsers on resource: " + arn + " because no identity-based policy allows "
                            + "the cognito-idp:ListUsers action")));
            return;
        }
        request.remove("PaginationToken");
        request.remove("Limit");
        HttpResponse<byte[]> response = forward(target, JSON.writeValueAsBytes(request));
        if (response.statusCode() != 200) {
            answer(exchange, response.statusCode(), response.body());
            return;
        }
        ObjectNode all = (ObjectNode) JSON.readTree(response.body());
        ArrayNode users = (ArrayNode) all.path("Users");
        int from = token == null ? 0 : Integer.parseInt(token.substring("after-".length()));
        int to = Math.min(users.size(), from + Math.min(pageSize, limit == null || limit == 0 ? pageSize : limit));
        ArrayNode page = JSON.createArrayNode();
        for (int i = from; i < to; i++) {
            page.add(users.get(i));
        }
        ObjectNode paged = JSON.createObjectNode().set("Users", page);
        if (to < users.size()) {
            paged.put("PaginationToken", "after-" + to);
        }
        answer(exchange, 200, JSON.writeValueAsBytes(paged));
    }

    private HttpResponse<byte[]> forward(String target, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(behind).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/x-amz-json-1.1");
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted forwarding to " + behind, e);
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
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
