package dev.dmig.faults;

import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.local.SharedStack;
import dev.dmig.store.AwsClients;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB clients that reach the shared DynamoDB Local through a {@link FaultProxy}. */
final class ProxiedClients {
    private static final int CONNECTIONS = 32;

    private ProxiedClients() {}

    /** dmig's own client, built by {@link AwsClients} exactly as in production, pointed at the proxy. */
    static DynamoDbClient production(FaultProxy proxy) {
        EmbeddedStack stack = SharedStack.stack();
        return AwsClients.dynamoDb(new AwsClients.Connection(proxy.endpoint(), stack.region(), stack.credentials(), CONNECTIONS));
    }

    /**
     * The production client's retry strategy (attempts, what is retried, the retry quota) and
     * interceptors (dmig's retry counter), with only the SDK's backoff waits cut to milliseconds:
     * an outage then exhausts every attempt in a moment instead of the tens of seconds the SDK
     * would wait, the way the local runner's Sleeper shortens the state machine's Retry waits.
     */
    static DynamoDbClient fastWaits(FaultProxy proxy) {
        ClientOverrideConfiguration production;
        try (DynamoDbClient template = production(proxy)) {
            production = template.serviceClientConfiguration().overrideConfiguration();
        }
        BackoffStrategy quick = BackoffStrategy.exponentialDelay(Duration.ofMillis(1), Duration.ofMillis(20));
        RetryStrategy retries = production.retryStrategy()
                .orElseThrow(() -> new IllegalStateException("AwsClients sets no retry strategy"))
                .toBuilder().backoffStrategy(quick).throttlingBackoffStrategy(quick).build();
        EmbeddedStack stack = SharedStack.stack();
        return DynamoDbClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(stack.region())
                .credentialsProvider(stack.credentials())
                .httpClient(ApacheHttpClient.builder().maxConnections(CONNECTIONS).build())
                .overrideConfiguration(o -> o.retryStrategy(retries).executionInterceptors(production.executionInterceptors()))
                .build();
    }
}
