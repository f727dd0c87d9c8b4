package dev.dmig.local;

import dev.dmig.Settings;
import dev.dmig.Tasks;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.handler.Services;
import dev.dmig.identity.CognitoUserPools;
import dev.dmig.identity.UserPools;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.store.AccountClients;
import dev.dmig.store.AwsClients;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.files.S3Buckets;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a local run reads and writes: the embedded DynamoDB Local and S3-compatible store (data
 * under a directory), or servers that already run at given endpoints. Owns the SDK clients.
 */
public final class LocalEnvironment implements AutoCloseable {
    /** The bucket of the embedded store. */
    public static final String EMBEDDED_BUCKET = "dmig-artifacts";
    /** How the embedded tables are named in what the command line prints. */
    public static final String EMBEDDED_TABLES = "the embedded DynamoDB Local";

    /**
     * What the command line says about where to run. Null endpoints mean "embedded"; a null {@code cognitoEndpoint}
     * means AWS's Cognito for the user pools a plan names without an endpoint of their own.
     */
    public record Target(Path dataDir, URI dynamoDbEndpoint, URI s3Endpoint, String bucket, String region, URI stsEndpoint,
                         URI cognitoEndpoint) {
        public boolean embedded() {
            return dynamoDbEndpoint == null || s3Endpoint == null;
        }
    }

    private final EmbeddedStack stack;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final String bucket;
    private final String tables;
    private final String artifacts;
    private final boolean dynamoDbEmbedded;
    private final SideStores sides;

    private LocalEnvironment(EmbeddedStack stack, Target target, DynamoDbClient dynamoDb, S3Client s3, String bucket,
                             SideStores sides) {
        this.stack = stack;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.bucket = bucket;
        this.sides = sides;
        this.dynamoDbEmbedded = target.dynamoDbEndpoint() == null;
        String kept = target.dataDir() != null ? " (data in " + target.dataDir() + ")" : " (in memory)";
        this.tables = target.dynamoDbEndpoint() != null ? "DynamoDB at " + target.dynamoDbEndpoint() : EMBEDDED_TABLES + kept;
        this.artifacts = target.s3Endpoint() != null ? "S3 at " + target.s3Endpoint() + "/" + bucket : "the embedded S3 store" + kept;
    }

    /**
     * What a plan's sides name beyond this environment's own tables and artifacts, built as plans name them.
     *
     * @param accounts     the stores of plan sides in other accounts (or at other endpoints)
     * @param buckets      plans' Storage buckets: on the S3 store the artifacts are in, unless a side names its own endpoint
     * @param userPools    the user pools a plan names: at their own endpoint, else at the command line's, else AWS's Cognito
     * @param poolAccounts reaches the pools' sides: the process's credentials, unless the pools too are stand-ins of the
     *                     embedded stack's
     */
    private record SideStores(AccountClients accounts, S3Buckets buckets, CognitoUserPools userPools, AccountClients poolAccounts) {
        static SideStores open(Target target, AwsClients.Connection dynamoConnection, AwsClients.Connection s3Connection) {
            AccountClients accounts = new AccountClients(dynamoConnection, target.stsEndpoint());
            AccountClients poolAccounts = new AccountClients(poolConnection(target, dynamoConnection), target.stsEndpoint());
            S3Buckets buckets = new S3Buckets(s3Connection, target.stsEndpoint(), null);
            return new SideStores(accounts, buckets, new CognitoUserPools(poolAccounts, target.cognitoEndpoint(), null), poolAccounts);
        }

        void close() {
            buckets.close();
            accounts.close();
            poolAccounts.close();
        }
    }

    /** Starts what is needed: the embedded stack for whatever endpoint is not given. */
    public static LocalEnvironment open(Target target, int maxConnections) {
        if (target.s3Endpoint() != null && (target.bucket() == null || target.bucket().isBlank())) {
            throw new IllegalArgumentException("--s3-endpoint needs --bucket: the bucket that holds dmig's run artifacts");
        }
        EmbeddedStack stack = null;
        if (target.embedded()) {
            stack = target.dataDir() == null
                    ? EmbeddedStack.startInMemory(EMBEDDED_BUCKET)
                    : EmbeddedStack.start(target.dataDir(), EMBEDDED_BUCKET);
        }
        Region region = Region.of(target.region() != null ? target.region() : stack != null ? stack.region().id() : "us-east-1");
        AwsClients.Connection dynamoConnection = target.dynamoDbEndpoint() != null
                ? new AwsClients.Connection(target.dynamoDbEndpoint(), region, null, maxConnections)
                : new AwsClients.Connection(stack.dynamoDbEndpoint(), stack.region(), stack.credentials(), maxConnections);
        AwsClients.Connection s3Connection = target.s3Endpoint() != null
                ? new AwsClients.Connection(target.s3Endpoint(), region, null, maxConnections)
                : new AwsClients.Connection(stack.s3Endpoint(), stack.region(), stack.credentials(), maxConnections);
        String bucket = target.s3Endpoint() != null ? target.bucket() : stack.bucket();
        // Each client loads a good part of the SDK's classes, and neither needs the other: the DynamoDB one is built
        // on a second thread while this one builds the S3 one and checks the bucket (a command starts ~0.2 s sooner).
        CompletableFuture<DynamoDbClient> dynamoDb = CompletableFuture.supplyAsync(() -> AwsClients.dynamoDb(dynamoConnection),
                runnable -> new Thread(runnable, "dmig-client-start").start());
        S3Client s3 = null;
        try {
            s3 = AwsClients.s3(s3Connection);
            if (target.s3Endpoint() != null) {
                ensureBucket(s3, bucket);
            }
            return new LocalEnvironment(stack, target, Tasks.join(dynamoDb), s3, bucket,
                    SideStores.open(target, dynamoConnection, s3Connection));
        } catch (RuntimeException | Error e) {
            // Closed once it is built, if it is; nothing waits for that.
            var unused = dynamoDb.thenAccept(DynamoDbClient::close);
            // What failed first is what the person is told; a failure to close is kept behind it.
            for (AutoCloseable opened : new AutoCloseable[] {s3, stack}) {
                try {
                    if (opened != null) {
                        opened.close();
                    }
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * How the user pools' sides are reached from this process: in its region, with the credentials of the AWS chain
     * (AWS's Cognito needs real ones), or, when the tables are the embedded stack's and the pools a stand-in's at
     * {@code --cognito-endpoint}, with the embedded stack's (a trial entirely on this machine needs no AWS credentials).
     */
    private static AwsClients.Connection poolConnection(Target target, AwsClients.Connection dynamoConnection) {
        boolean allLocal = target.cognitoEndpoint() != null && target.dynamoDbEndpoint() == null;
        return new AwsClients.Connection(null, dynamoConnection.region(), allLocal ? dynamoConnection.credentials() : null, 4);
    }

    private static void ensureBucket(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The user pools a plan or a command names: at their own endpoint, else at --cognito-endpoint, else AWS's Cognito. */
    public UserPools userPools() {
        return sides.userPools();
    }

    public S3Client s3() {
        return s3;
    }

    public String bucket() {
        return bucket;
    }

    /** True when the tables are in the embedded DynamoDB Local. */
    public boolean embeddedDynamoDb() {
        return stack != null && dynamoDbEmbedded;
    }

    /** Where tables are that a plan side without an endpoint, role or region of its own has. */
    public String tables() {
        return tables;
    }

    /** Where run artifacts are, e.g. {@code S3 at http://127.0.0.1:9000/dmig-artifacts}. */
    public String artifacts() {
        return artifacts;
    }

    public String description() {
        return tables + ", " + artifacts;
    }

    public Services services(Settings settings, FaultInjector faults) {
        return new Services(new DynamoDbItemStore(dynamoDb, sides.accounts()), new S3ArtifactStore(s3, bucket), settings, faults,
                sides.userPools(), sides.buckets());
    }

    @Override
    public void close() {
        sides.close();
        dynamoDb.close();
        s3.close();
        if (stack != null) {
            stack.close();
        }
    }
}
