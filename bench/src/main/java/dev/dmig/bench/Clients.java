package dev.dmig.bench;

import dev.dmig.store.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients of a benchmark worker. With the Apache client they are exactly dmig's own
 * ({@link AwsClients}); the other HTTP clients get the same retry policy, pool size and timeouts.
 */
final class Clients {
    /**
     * The time allowed to a call that works through a whole table of DynamoDB Local (DeleteTable drops its rows as it
     * answers; a Scan of its count reads them): seconds per 100,000 items on a slow machine, past dmig's 14 s a call, where
     * the retry then finds no table, or times out as well.
     */
    static final AwsRequestOverrideConfiguration WHOLE_TABLE = AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofMinutes(5)).apiCallAttemptTimeout(Duration.ofMinutes(5)).build();

    /** The synchronous HTTP clients the SDK offers; CRT's needs {@code aws-crt-client}, not on the class path here. */
    enum Http {
        APACHE, APACHE5, URL_CONNECTION, CRT;

        static Http parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private Clients() {
    }

    static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        return accessKey == null ? null : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    static DynamoDbClient dynamoDb(Http http, URI endpoint, Region region, AwsCredentialsProvider credentials, int maxConnections) {
        AwsClients.Connection connection = new AwsClients.Connection(endpoint, region, credentials, maxConnections);
        if (http == Http.APACHE) {
            return AwsClients.dynamoDb(connection);
        }
        var builder = DynamoDbClient.builder().httpClient(httpClient(http, maxConnections))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (region != null) {
            builder.region(region);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }

    static S3Client s3(Http http, URI endpoint, Region region, AwsCredentialsProvider credentials, int maxConnections) {
        AwsClients.Connection connection = new AwsClients.Connection(endpoint, region, credentials, maxConnections);
        if (http == Http.APACHE) {
            return AwsClients.s3(connection);
        }
        var builder = S3Client.builder().httpClient(httpClient(http, maxConnections))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        if (region != null) {
            builder.region(region);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }

    static SdkHttpClient httpClient(Http http, int maxConnections) {
        return switch (http) {
            case APACHE -> ApacheHttpClient.builder().maxConnections(maxConnections)
                    .connectionTimeout(Duration.ofSeconds(5)).connectionAcquisitionTimeout(Duration.ofMinutes(2))
                    .socketTimeout(Duration.ofSeconds(60)).build();
            case APACHE5 -> Apache5HttpClient.builder().maxConnections(maxConnections)
                    .connectionTimeout(Duration.ofSeconds(5)).connectionAcquisitionTimeout(Duration.ofMinutes(2))
                    .socketTimeout(Duration.ofSeconds(60)).build();
            case URL_CONNECTION -> {
                // HttpURLConnection keeps only http.maxConnections (default 5) idle connections per host:
                // with more threads than that it reconnects all the time. Raise it before first use.
                if (System.getProperty("http.maxConnections") == null) {
                    System.setProperty("http.maxConnections", Integer.toString(maxConnections));
                }
                yield UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)).build();
            }
            case CRT -> throw new IllegalArgumentException("the CRT HTTP client (software.amazon.awssdk:aws-crt-client) is not on "
                    + "the class path: it is not available from the Maven registry this build uses");
        };
    }
}
