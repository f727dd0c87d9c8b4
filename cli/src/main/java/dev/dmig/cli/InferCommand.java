package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.infer.AppSchema;
import dev.dmig.infer.BucketKeys;
import dev.dmig.infer.InferredPlan;
import dev.dmig.infer.PlanInference;
import dev.dmig.infer.StoreTableReader;
import dev.dmig.infer.Thresholds;
import dev.dmig.json.Json;
import dev.dmig.store.Account;
import dev.dmig.store.AccountClients;
import dev.dmig.store.AwsClients;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sides;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

@Command(name = "infer", sortOptions = false,
        header = "Proposes a plan from an environment's live tables.",
        description = {"Proposes a plan from an environment's live tables: finds them by suffix, reads the first --sample "
                        + "items of each, and proposes a reference wherever a path's string values are IDs of a table (90%% of "
                        + "them or more, and at least 3), an identity reference (\"@owner\") where they are users' identities "
                        + "(<sub>::<username>, told by their shape), and a pattern (\"ORDER#{order}\") where they are literal "
                        + "text around IDs, keys of single-table designs included; with --source-storage-bucket, a file "
                        + "reference where they name objects of that bucket. A plan with identity references names "
                        + "identities.csv, which you write. Tables whose IDs are numbers, binary or names keep them (\"ids\": "
                        + "\"preserve\"). Reads only: ListTables, DescribeTable, Scan, and BatchGetItem (Query for a sort key) "
                        + "of key values, ListObjectsV2 of the bucket. The plan goes to stdout, a summary to stderr; each "
                        + "table's \"comment\" says why, --evidence FILE has the rest.",
                "",
                "  dmig infer --source-suffix -fvn7t5hbobaxjklhrqzdl4ac34-NONE > plan.json"})
final class InferCommand implements Callable<Integer> {
    /** A few hundred items: enough values per attribute to judge, one or two Scan pages per table. */
    static final int DEFAULT_SAMPLE = 500;

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--source-suffix", required = true, paramLabel = "SUFFIX",
            description = "The environment to read: tables named <Model><SUFFIX>, e.g. -fvn7t5hbobaxjklhrqzdl4ac34-NONE.")
    String sourceSuffix;

    @Option(names = "--target-suffix", paramLabel = "SUFFIX",
            description = "The environment to migrate to. Default: the only other environment with a table for every model.")
    String targetSuffix;

    @Option(names = "--source-region", paramLabel = "REGION",
            description = "The source tables' region, when not the default one (written into the plan's source side).")
    String sourceRegion;

    @Option(names = "--source-role-arn", paramLabel = "ARN",
            description = "Read the source through this role, assumed with STS: the source in another account (needs --target-suffix; "
                    + "written into the plan's source side). See docs/cross-account.md.")
    String sourceRoleArn;

    @Option(names = "--source-external-id", paramLabel = "ID", description = "The external ID the source role's trust policy asks for.")
    String sourceExternalId;

    @Option(names = "--source-dynamodb-endpoint", paramLabel = "URL",
            description = "Read the source from the DynamoDB (Local) at URL, standing in for another account (needs --target-suffix).")
    URI sourceEndpoint;

    @Option(names = "--source-storage-bucket", paramLabel = "BUCKET",
            description = "The source's Storage (S3) bucket: its keys are listed (ListObjectsV2, up to "
                    + BucketKeys.DEFAULT_MAX + "), and a path whose values name its objects (9 in 10 of them or more, and at least 3) "
                    + "is proposed as a file reference (written into the plan's source side). Reached at --s3-endpoint when given, "
                    + "else the embedded store (local runs) or S3, with the source's role and region.")
    String sourceStorageBucket;

    @Option(names = "--target-storage-bucket", paramLabel = "BUCKET",
            description = "The target's Storage bucket, written into the plan's target side (with --source-storage-bucket; "
                    + "without it the plan says \"" + InferredPlan.TARGET_BUCKET_PLACEHOLDER + "\": edit it).")
    String targetStorageBucket;

    @Option(names = "--schema", paramLabel = "PATH",
            description = "The app's own declaration of its models: an Amplify Gen 1 schema.graphql (or its amplify/backend/api/<name>/ "
                    + "folder, with schema/ and transform.conf.json), or Gen 2's amplify_outputs.json (model introspection, also "
                    + "Gen 1 codegen's). What it declares (relationships, owner fields and their claims, composite keys, DataStore) "
                    + "wins over what the data suggests; the data fills the rest, and a disagreement is a warning.")
    Path schema;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "" + DEFAULT_SAMPLE,
            description = "Items read per table, the first a Scan returns (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--evidence", paramLabel = "FILE",
            description = "Also write the evidence as JSON: per table and path, values checked and matched, examples, what was turned down and why.")
    Path evidence;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Account source = new Account(sourceRegion, sourceRoleArn, sourceExternalId, sourceEndpoint);
        if (!source.own() && targetSuffix == null) {
            throw new IllegalArgumentException("--source-region/--source-role-arn/--source-dynamodb-endpoint need --target-suffix:"
                    + " the target's tables are in another account or region than the source's, so dmig cannot list both");
        }
        if (sourceExternalId != null && sourceRoleArn == null) {
            throw new IllegalArgumentException("--source-external-id goes with --source-role-arn: add the role it is for");
        }
        if (targetStorageBucket != null && sourceStorageBucket == null) {
            throw new IllegalArgumentException("--target-storage-bucket goes with --source-storage-bucket: add the source's bucket,"
                    + " whose objects tell which attributes are files");
        }
        if (sourceStorageBucket != null && sourceStorageBucket.equals(targetStorageBucket)) {
            throw new IllegalArgumentException("--source-storage-bucket and --target-storage-bucket name the same bucket "
                    + sourceStorageBucket + ": the two environments' Storage buckets differ");
        }
        // The schema is read first: a file that is none is refused before any table is.
        AppSchema app = schema == null ? null : AppSchema.read(schema);
        if (app != null) {
            err.println("read " + app.source() + ": " + app.models().size() + " models");
        }
        InferredPlan inferred;
        if (where.dynamoDbEndpoint != null) {
            // Only DynamoDB is needed, and S3 only to list a Storage bucket: nothing starts or is created for artifacts.
            Region region = Region.of(where.region != null ? where.region : "us-east-1");
            AwsClients.Connection connection = new AwsClients.Connection(where.dynamoDbEndpoint, region, null, 8);
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(connection);
                 AccountClients accounts = new AccountClients(connection, where.stsEndpoint)) {
                PlanInference.Options options = options(() -> storageClient(source, region), err);
                inferred = PlanInference.infer(new StoreTableReader(reach(new DynamoDbItemStore(dynamoDb, accounts), source)),
                        options, app, err::println);
            }
        } else {
            try (Session session = Session.open(where)) {
                PlanInference.Options options = options(() -> new Reached(session.environment().s3(), List.of()), err);
                inferred = PlanInference.infer(new StoreTableReader(reach(session.services().items(), source)), options, app, err::println);
            }
        }
        String plan = withEndpoint(inferred.planJson(source));
        if (evidence != null) {
            Files.writeString(evidence, inferred.evidenceJson(), StandardCharsets.UTF_8);
        }
        out.print(plan);
        out.flush();
        inferred.summary().forEach(err::println);
        if (where.dynamoDbEndpoint != null) {
            err.println("the plan names " + where.dynamoDbEndpoint + " as its tables' endpoint: analyze, test and migrate with it "
                    + "need no --dynamodb-endpoint");
        }
        if (evidence != null) {
            err.println("evidence: " + evidence);
        }
        return ExitCode.OK;
    }

    /**
     * The plan with {@code --dynamodb-endpoint} written into its sides (where a side names none of its own), so that the
     * runs made from it go to the tables it was inferred from without being told again.
     */
    private String withEndpoint(String plan) throws IOException {
        if (where.dynamoDbEndpoint == null) {
            return plan;
        }
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(plan);
        for (String side : List.of("source", "target")) {
            ObjectNode node = (ObjectNode) tree.get(side);
            if (!node.has("endpoint") && !node.has("roleArn") && !node.has("region")) {
                node.put("endpoint", where.dynamoDbEndpoint.toString());
            }
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
    }

    /** An S3 client reaching the source's bucket, and what it opened for the caller to close ({@code client} too when listed). */
    private record Reached(S3Client client, List<AutoCloseable> opened) {}

    /** The options, with the source's bucket listed when one was given ({@code s3}: how to reach it). */
    private PlanInference.Options options(Supplier<Reached> s3, PrintWriter err) {
        if (sourceStorageBucket == null) {
            return new PlanInference.Options(sourceSuffix, targetSuffix, sample, Thresholds.DEFAULT);
        }
        err.println("listing the keys of bucket " + sourceStorageBucket + " (up to " + BucketKeys.DEFAULT_MAX + ")");
        Reached reached = s3.get();
        try {
            BucketKeys keys = BucketKeys.list(reached.client(), sourceStorageBucket, BucketKeys.DEFAULT_MAX);
            return new PlanInference.Options(sourceSuffix, targetSuffix, sample, Thresholds.DEFAULT, null,
                    new PlanInference.Buckets(keys, targetStorageBucket));
        } catch (NoSuchBucketException e) {
            throw new IllegalArgumentException("bucket " + sourceStorageBucket + " does not exist where dmig looks"
                    + " (--s3-endpoint, --source-region, --source-role-arn): check --source-storage-bucket");
        } catch (S3Exception e) {
            throw new IllegalArgumentException("cannot list bucket " + sourceStorageBucket + ": " + e.awsErrorDetails().errorCode()
                    + " (HTTP " + e.statusCode() + "); infer needs s3:ListBucket on it");
        } finally {
            reached.opened().forEach(InferCommand::close);
        }
    }

    /**
     * S3 where the source's bucket is: at --s3-endpoint when given (a local store standing in for the account), else AWS's,
     * in the source's region, with the source's role when it has one.
     */
    private Reached storageClient(Account source, Region region) {
        List<AutoCloseable> opened = new ArrayList<>();
        Region chosen = source.region() != null ? Region.of(source.region()) : region;
        AwsCredentialsProvider credentials = source.roleArn() == null ? null
                : AccountClients.assumed(source, chosen, null, where.stsEndpoint, opened);
        S3Client client = AwsClients.s3Storage(new AwsClients.Connection(where.s3Endpoint, chosen, credentials, 4));
        opened.add(0, client);
        return new Reached(client, opened);
    }

    private static void close(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The store that reads the source where it is; the target's tables, if listed at all, are in this process's account. */
    private ItemStore reach(ItemStore own, Account source) {
        return source.own() ? own : own.across(new Sides(sourceSuffix, source, targetSuffix, Account.OWN));
    }
}
