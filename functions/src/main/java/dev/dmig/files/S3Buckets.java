package dev.dmig.files;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.Account;
import dev.dmig.store.AccountClients;
import dev.dmig.store.AwsClients;
import dev.dmig.store.CredentialSource;
import dev.dmig.store.S3Endpoints;
import dev.dmig.store.StoreRefusedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A plan's Storage buckets through S3: one client per side's account (its role assumed as for its tables) and
 * endpoint, kept while among the most recently used. Two sides reached by the same account and endpoint share a
 * client, so an object is copied between their buckets server-side. A deployed stack's refuses buckets and endpoints
 * past its {@link StorageReach}.
 */
public final class S3Buckets implements Buckets, AutoCloseable {
    private static final int KEPT = 8;

    private final AwsClients.Connection own;
    private final URI stsEndpoint;
    private final StorageReach reach;
    private final LinkedHashMap<Reached, Opened> clients = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, S3ObjectStore> checked = new LinkedHashMap<>();

    private record Reached(Account account, URI endpoint) {}

    /** {@code keys}: where the keys its requests are signed with come from, in words; null when a role signs them. */
    private record Opened(S3Client client, List<AutoCloseable> resources, Supplier<String> keys) {}

    /**
     * @param own         how the process reaches its own account's S3 (a local run: the S3 store its artifacts are in)
     * @param stsEndpoint STS at a given URL (local tests); null for the region's STS
     * @param reach       a deployed stack's buckets; null for a local process, which reaches any
     */
    public S3Buckets(AwsClients.Connection own, URI stsEndpoint, StorageReach reach) {
        this.own = own;
        this.stsEndpoint = stsEndpoint;
        this.reach = reach;
    }

    @Override
    public ObjectReader source(MigrationPlan plan) {
        return store(plan, "source", plan.sourceAccount(), plan.storage().sourceEndpoint(), plan.storage().sourceBucket(),
                reach == null ? null : reach.sourceOwner());
    }

    @Override
    public ObjectStore target(MigrationPlan plan) {
        return store(plan, "target", plan.targetAccount(), plan.storage().targetEndpoint(), plan.storage().targetBucket(),
                reach == null ? null : reach.targetOwner());
    }

    /**
     * {@code deployedOwner}: the account the stack says owns the bucket; without one, the account of the side's role
     * (a bucket reached through another account's role is that account's) where the bucket is AWS's S3, else none is
     * checked: an S3-compatible server may not implement the header, and would refuse every request that names it.
     */
    private synchronized S3ObjectStore store(MigrationPlan plan, String side, Account account, URI endpoint, String bucket,
                                             String deployedOwner) {
        if (bucket == null) {
            throw new IllegalStateException("the plan names no " + side + ".storageBucket");
        }
        if (reach != null && !reach.problems(plan.storage()).isEmpty()) {
            throw new StoreRefusedException("this deployed stack does not reach the plan's Storage buckets: "
                    + String.join("; ", reach.problems(plan.storage())), null);
        }
        Reached key = new Reached(account, endpoint);
        Opened opened = clients.computeIfAbsent(key, this::open);
        evictBeyond(KEPT);
        String id = System.identityHashCode(opened.client()) + "/" + bucket + "/" + deployedOwner;
        S3ObjectStore store = checked.get(id);
        if (store == null) {
            URI at = endpoint != null ? endpoint : own.endpoint();
            store = new S3ObjectStore(opened.client(), bucket, at, owner(deployedOwner, account, at), opened.keys());
            store.check(side);
            checked.put(id, store);
        }
        return store;
    }

    /**
     * The account every request says must own the bucket ({@code ExpectedBucketOwner}): the one the stack names; else,
     * where the bucket is AWS's S3 ({@code at}), the account of the side's role; else none.
     */
    static String owner(String deployedOwner, Account account, URI at) {
        return deployedOwner != null ? deployedOwner : S3Endpoints.aws(at) ? roleAccount(account) : null;
    }

    /** The account ID of {@code arn:aws:iam::<account>:role/…}, or null for a side without a role. */
    static String roleAccount(Account account) {
        if (account.roleArn() == null) {
            return null;
        }
        String[] parts = account.roleArn().split(":", 6);
        return parts.length == 6 && parts[4].matches("\\d{12}") ? parts[4] : null;
    }

    /**
     * A client for a side: at an endpoint of its own (a store that is not this process's own S3, such as the embedded
     * one), signed with the default AWS credentials chain, as a person's own S3 server expects; at the process's own, with
     * the process's credentials; through the side's role when it names one.
     */
    private Opened open(Reached key) {
        Account account = key.account();
        List<AutoCloseable> resources = new ArrayList<>();
        Region region = account.region() != null ? Region.of(account.region()) : own.region();
        boolean elsewhere = key.endpoint() != null && !key.endpoint().equals(own.endpoint());
        AwsCredentialsProvider base = own.credentials();
        if (elsewhere) {
            DefaultCredentialsProvider chain = CredentialSource.defaultChain();
            resources.add(chain);
            base = chain;
        }
        AwsCredentialsProvider credentials = account.roleArn() != null
                ? AccountClients.assumed(account, region, base, stsEndpoint, resources) : base;
        S3Client client = AwsClients.s3Storage(new AwsClients.Connection(key.endpoint() != null ? key.endpoint() : own.endpoint(),
                region, credentials, own.maxConnections()));
        resources.add(client);
        Supplier<String> keys = account.roleArn() != null || reach != null ? null : () -> CredentialSource.describe(credentials);
        return new Opened(client, resources, keys);
    }

    private void evictBeyond(int kept) {
        var oldest = clients.entrySet().iterator();
        while (clients.size() > kept && oldest.hasNext()) {
            Opened evicted = oldest.next().getValue();
            oldest.remove();
            checked.keySet().removeIf(id -> id.startsWith(System.identityHashCode(evicted.client()) + "/"));
            for (AutoCloseable resource : evicted.resources()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing an SDK client: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        evictBeyond(0);
    }
}
