package dev.dmig.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmig.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stub of AWS AppSync's control plane on a loopback port, {@code ListGraphqlApis} ({@code GET /v1/apis}) and
 * {@code ListDataSources} ({@code GET /v1/apis/{apiId}/datasources}) as the AppSync API reference documents them
 * (REST-JSON: {@code graphqlApis[]} with {@code apiId}, {@code name}, {@code uris.GRAPHQL}; {@code dataSources[]} with
 * {@code name}, {@code type}, {@code dynamodbConfig.tableName}; {@code nextToken} paging; errors as their HTTP status
 * with {@code x-amzn-ErrorType}) — a stub because AppSync's control plane is AWS's only: nothing runs it here. It answers
 * one item a page, so that every listing is paged with {@code nextToken}, refuses requests not signed with SigV4 for
 * the {@code appsync} service, and answers {@code 403 AccessDeniedException} to the calls {@link #deny} names. Every call
 * is recorded.
 */
public final class AppSyncStub implements AutoCloseable {
    /** One API: its ID, name, GraphQL URI, and its data sources' names and types, with a DynamoDB one's table. */
    public record Api(String id, String name, String graphqlUri, List<DataSource> dataSources) {}

    /** A data source: its name, its type ({@code AMAZON_DYNAMODB}, {@code NONE}, …) and table (null but for DynamoDB). */
    public record DataSource(String name, String type, String table) {}

    /** One call as received: its path and query. */
    public record Call(String path, String query) {}

    private final HttpServer server;
    private final List<Api> apis = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> denied = new CopyOnWriteArrayList<>();

    private AppSyncStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static AppSyncStub start() {
        try {
            return new AppSyncStub();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the AppSync stub", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public AppSyncStub api(Api api) {
        apis.add(api);
        return this;
    }

    /** Answers 403 AccessDeniedException to the calls whose path starts with {@code path} ({@code /v1/apis}: every call). */
    public void deny(String path) {
        denied.add(path);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            calls.add(new Call(path, exchange.getRequestURI().getRawQuery()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ") || !authorization.contains("/appsync/aws4_request")) {
                error(exchange, 403, "UnauthorizedException", "the request is not signed with SigV4 for appsync");
            } else if (denied.stream().anyMatch(path::startsWith)) {
                error(exchange, 403, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/dev/dmig is not authorized"
                        + " to perform this action");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 400, "BadRequestException", "only ListGraphqlApis and ListDataSources are stubbed");
            } else if (path.equals("/v1/apis")) {
                page(exchange, "graphqlApis", apis.stream().map(AppSyncStub::apiNode).toList(), query.get("nextToken"));
            } else if (path.startsWith("/v1/apis/") && path.endsWith("/datasources")) {
                String id = path.substring("/v1/apis/".length(), path.length() - "/datasources".length());
                Api api = apis.stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
                if (api == null) {
                    error(exchange, 404, "NotFoundException", "GraphQL API " + id + " not found.");
                } else {
                    page(exchange, "dataSources", api.dataSources().stream().map(d -> dataSource(api, d)).toList(), query.get("nextToken"));
                }
            } else {
                error(exchange, 400, "BadRequestException", "only ListGraphqlApis and ListDataSources are stubbed, not " + path);
            }
        }
    }

    /** One item a page: {@code nextToken} is the index of the next one, absent on the last page. */
    private static void page(HttpExchange exchange, String field, List<ObjectNode> items, String token) throws IOException {
        int at = token == null ? 0 : Integer.parseInt(token.substring("page-".length()));
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode page = body.putArray(field);
        if (at < items.size()) {
            page.add(items.get(at));
        }
        if (at + 1 < items.size()) {
            body.put("nextToken", "page-" + (at + 1));
        }
        send(exchange, 200, null, body);
    }

    private static ObjectNode apiNode(Api api) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("apiId", api.id()).put("name", api.name())
                .put("arn", "arn:aws:appsync:us-east-1:123456789012:apis/" + api.id()).put("authenticationType", "AMAZON_COGNITO_USER_POOLS")
                .put("apiType", "GRAPHQL");
        node.putObject("uris").put("GRAPHQL", api.graphqlUri()).put("REALTIME", api.graphqlUri().replace("https://", "wss://")
                .replace("appsync-api", "appsync-realtime-api"));
        node.putObject("tags").put("amplify:deployment-type", "branch");
        return node;
    }

    private static ObjectNode dataSource(Api api, DataSource source) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("name", source.name()).put("type", source.type())
                .put("dataSourceArn", "arn:aws:appsync:us-east-1:123456789012:apis/" + api.id() + "/datasources/" + source.name());
        if (source.table() != null) {
            node.put("serviceRoleArn", "arn:aws:iam::123456789012:role/" + source.name() + "Role");
            node.putObject("dynamodbConfig").put("tableName", source.table()).put("awsRegion", "us-east-1")
                    .put("useCallerCredentials", false).put("versioned", false);
        }
        return node;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, type, Json.MAPPER.createObjectNode().put("message", message));
    }

    private static void send(HttpExchange exchange, int status, String errorType, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The data sources Amplify Gen 2 makes: {@code <Model>Table} of each model's table, and its {@code NONE_DS}. */
    public static List<DataSource> amplify(Map<String, String> tables) {
        List<DataSource> sources = new ArrayList<>();
        sources.add(new DataSource("NONE_DS", "NONE", null));
        tables.forEach((model, table) -> sources.add(new DataSource(model + "Table", "AMAZON_DYNAMODB", table)));
        return sources;
    }
}
