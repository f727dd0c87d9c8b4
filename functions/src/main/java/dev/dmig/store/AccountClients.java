package dev.dmig.store;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The DynamoDB stores of accounts other than the process's own, built once per account and kept for
 * the process's life (a Lambda container serves many invocations). A side with a role is read or
 * written with that role's session credentials, which the SDK's assume-role provider renews before
 * they expire: a run may last hours.
 */
public final class AccountClients implements AutoCloseable {
    /** Session name in the other account's CloudTrail. */
    static final String SESSION_NAME = "dmig";
    /** An hour is what a role allows unless raised; the provider renews ahead of the end. */
    private static final Duration SESSION = Duration.ofHours(1);

    private final AwsClients.Connection own;
    private final URI stsEndpoint;
    private final Map<Account, DynamoDbItemStore> stores = new ConcurrentHashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    /**
     * @param own         how the process reaches its own account: what a side leaves unset comes from here
     * @param stsEndpoint STS at a given URL (local tests); null for the region's STS
     */
    public AccountClients(AwsClients.Connection own, URI stsEndpoint) {
        this.own = own;
        this.stsEndpoint = stsEndpoint;
    }

    DynamoDbItemStore store(Account account) {
        return stores.computeIfAbsent(account, a -> new DynamoDbItemStore(client(a), this));
    }

    private synchronized DynamoDbClient client(Account account) {
        Region region = account.region() != null ? Region.of(account.region()) : own.region();
        URI endpoint = account.endpoint() != null ? account.endpoint() : own.endpoint();
        AwsCredentialsProvider credentials = account.roleArn() != null ? assumed(account, region) : own.credentials();
        DynamoDbClient client = AwsClients.dynamoDb(new AwsClients.Connection(endpoint, region, credentials, own.maxConnections()));
        opened.add(client);
        return client;
    }

    private AwsCredentialsProvider assumed(Account account, Region region) {
        StsClient sts = AwsClients.sts(new AwsClients.Connection(stsEndpoint, region, own.credentials(), 4));
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(account.roleArn()).roleSessionName(SESSION_NAME)
                        .externalId(account.externalId()).durationSeconds((int) SESSION.toSeconds()))
                .build();
        opened.add(provider);
        opened.add(sts);
        return provider;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing an SDK client: " + e.getMessage(), e);
            }
        }
        opened.clear();
        stores.clear();
    }
}
