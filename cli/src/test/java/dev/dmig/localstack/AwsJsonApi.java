package dev.dmig.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The few Lambda (REST-JSON) and Step Functions (JSON 1.0) calls that deploy into LocalStack and
 * run executions there, signed with SigV4, without the SDK's lambda module (a dependency of this
 * one test tier only) and with no sfn client at a second SDK version.
 */
final class AwsJsonApi {
    /** Headers java.net.http sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private final HttpClient http = HttpClient.newHttpClient();

    AwsJsonApi(URI endpoint, String region, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = AwsCredentialsIdentity.create(accessKey, secretKey);
    }

    /** A Step Functions action, e.g. {@code StartExecution}. */
    JsonNode states(String action, Map<String, ?> body) {
        return call("states", SdkHttpMethod.POST, "/", Map.of("X-Amz-Target", "AWSStepFunctions." + action,
                "Content-Type", "application/x-amz-json-1.0"), body);
    }

    /** A Lambda REST call, e.g. {@code POST /2015-03-31/functions}. */
    JsonNode lambda(SdkHttpMethod method, String path, Map<String, ?> body) {
        return call("lambda", method, path, Map.of("Content-Type", "application/json"), body);
    }

    private JsonNode call(String service, SdkHttpMethod method, String path, Map<String, String> headers, Map<String, ?> body) {
        byte[] payload = body == null ? new byte[0] : Json.bytes(body);
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(endpoint.resolve(path)).method(method);
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .method(method.name(), payload.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload));
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.tree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(service + " " + method + " " + path + " " + headers.getOrDefault("X-Amz-Target", "")
                        + " answered " + response.statusCode() + ": " + json);
            }
            return json;
        } catch (IOException e) {
            throw new IllegalStateException(service + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
