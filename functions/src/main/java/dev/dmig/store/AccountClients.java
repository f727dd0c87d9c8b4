package dev.dmig.store;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The DynamoDB stores of accounts other than the process's own, built once per account (and run: each
 * run assumes a role under a session name of its own) and kept while they are among the most recently
 * used (a Lambda container serves many invocations). A side with a role is read or written with that
 * role's session credentials, which the SDK's assume-role provider renews before they expire: a run may
 * last hours.
 */
public final class AccountClients implements AutoCloseable {
    /** Session name in the other account's CloudTrail when no run is named (dmig infer). */
    static final String SESSION_NAME = "dmig";
    /** STS allows role session names of 2 to 64 of these characters. */
    private static final Pattern SESSION_CHARACTERS = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final int MAX_SESSION_NAME = 64;
    /** An hour is what a role allows unless raised; the provider renews ahead of the end. */
    private static final Duration SESSION = Duration.ofHours(1);
    /** Stores kept at once: a process works for one run at a time, a container for a few over its life. */
    private static final int KEPT = 8;

    private final AwsClients.Connection own;
    private final URI stsEndpoint;
    /** Least recently used first; each store with what was opened for it. */
    private final LinkedHashMap<Account, Opened> stores = new LinkedHashMap<>(16, 0.75f, true);

    /** The Cognito clients of user pools, by account, region and endpoint; a run reads two pools, once. */
    private final LinkedHashMap<PoolReach, OpenedPool> pools = new LinkedHashMap<>(4, 0.75f, true);

    private record Opened(DynamoDbItemStore store, List<AutoCloseable> resources) {}

    private record PoolReach(Account account, Region region, URI endpoint) {}

    private record OpenedPool(CognitoIdentityProviderClient client, List<AutoCloseable> resources) {}

    /**
     * @param own         how the process reaches its own account: what a side leaves unset comes from here
     * @param stsEndpoint STS at a given URL (local tests); null for the region's STS
     */
    public AccountClients(AwsClients.Connection own, URI stsEndpoint) {
        this.own = own;
        this.stsEndpoint = stsEndpoint;
    }

    /**
     * The role session name of run {@code runId}: {@code dmig-<runId>}, or, past STS's 64 characters, its start and a
     * digest of the whole, so that two runs' sessions still differ.
     */
    public static String sessionName(String runId) {
        String name = "dmig-" + runId;
        if (name.length() > MAX_SESSION_NAME) {
            String digest = DigestUtils.sha256Hex(runId).substring(0, 8);
            name = name.substring(0, MAX_SESSION_NAME - digest.length() - 1) + "-" + digest;
        }
        if (!SESSION_CHARACTERS.matcher(name).matches()) {
            throw new IllegalArgumentException("run ID '" + runId + "' makes no role session name: " + name);
        }
        return name;
    }

    synchronized DynamoDbItemStore store(Account account) {
        Opened opened = stores.get(account);
        if (opened == null) {
            List<AutoCloseable> resources = new ArrayList<>();
            opened = new Opened(new DynamoDbItemStore(client(account, resources), this), resources);
            stores.put(account, opened);
            evictBeyond(KEPT);
        }
        return opened.store();
    }

    private DynamoDbClient client(Account account, List<AutoCloseable> resources) {
        Region region = account.region() != null ? Region.of(account.region()) : own.region();
        URI endpoint = account.endpoint() != null ? account.endpoint() : own.endpoint();
        AwsCredentialsProvider credentials = account.roleArn() != null ? assumed(account, region, resources) : own.credentials();
        DynamoDbClient client = AwsClients.dynamoDb(new AwsClients.Connection(endpoint, region, credentials, own.maxConnections()));
        resources.add(client);
        return client;
    }

    /**
     * The Cognito client that reads a user pool of {@code account}'s side: with its role's credentials when it has one,
     * else the process's own; in {@code region} (the pool's) or, when null, the side's or the process's; at
     * {@code endpoint} (a server standing in for the pool) or, when null, AWS's. Never the DynamoDB endpoint.
     */
    public synchronized CognitoIdentityProviderClient cognito(Account account, Region region, URI endpoint) {
        Region chosen = region != null ? region : account.region() != null ? Region.of(account.region()) : own.region();
        PoolReach reach = new PoolReach(account, chosen, endpoint);
        OpenedPool opened = pools.get(reach);
        if (opened == null) {
            List<AutoCloseable> resources = new ArrayList<>();
            AwsCredentialsProvider credentials = account.roleArn() != null ? assumed(account, chosen, resources) : own.credentials();
            CognitoIdentityProviderClient client = AwsClients.cognito(new AwsClients.Connection(endpoint, chosen, credentials, 4));
            resources.add(client);
            opened = new OpenedPool(client, resources);
            pools.put(reach, opened);
            var oldest = pools.entrySet().iterator();
            while (pools.size() > KEPT && oldest.hasNext()) {
                List<AutoCloseable> evicted = oldest.next().getValue().resources();
                oldest.remove();
                closeAll(evicted);
            }
        }
        return opened.client();
    }

    private AwsCredentialsProvider assumed(Account account, Region region, List<AutoCloseable> resources) {
        return assumed(account, region, own.credentials(), stsEndpoint, resources);
    }

    /**
     * Credentials of {@code account}'s role, assumed with {@code credentials} (null: the SDK's default chain) through STS in
     * {@code region} (at {@code stsEndpoint}, null for the region's), under the account's session name, renewed before
     * they expire; what it opens goes to {@code resources}, for the caller to close. The stores of other services in a
     * side's account (its Storage bucket) reach it the same way.
     */
    public static AwsCredentialsProvider assumed(Account account, Region region, AwsCredentialsProvider credentials, URI stsEndpoint,
                                                 List<AutoCloseable> resources) {
        StsClient sts = AwsClients.sts(new AwsClients.Connection(stsEndpoint, region, credentials, 4));
        String session = account.session() != null ? account.session() : SESSION_NAME;
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(account.roleArn()).roleSessionName(session)
                        .externalId(account.externalId()).durationSeconds((int) SESSION.toSeconds()))
                .build();
        resources.add(provider);
        resources.add(sts);
        return provider;
    }

    /** Closes the least recently used stores beyond {@code kept}. */
    private void evictBeyond(int kept) {
        var oldest = stores.entrySet().iterator();
        while (stores.size() > kept && oldest.hasNext()) {
            Opened evicted = oldest.next().getValue();
            oldest.remove();
            closeAll(evicted.resources());
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable closeable : resources) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing an SDK client: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        evictBeyond(0);
        pools.values().forEach(opened -> closeAll(opened.resources()));
        pools.clear();
    }
}
