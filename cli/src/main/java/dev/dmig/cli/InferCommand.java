package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.PlanEndpoints;
import dev.dmig.cli.runs.Session;
import dev.dmig.cli.runs.Where;
import dev.dmig.identity.CognitoUserPools;
import dev.dmig.identity.PoolUsers;
import dev.dmig.identity.UserPool;
import dev.dmig.identity.UserPools;
import dev.dmig.infer.AmplifyOutputs;
import dev.dmig.infer.AppSchema;
import dev.dmig.infer.AppSyncTables;
import dev.dmig.infer.BucketKeys;
import dev.dmig.infer.DeployedBackend;
import dev.dmig.infer.IdentitiesFile;
import dev.dmig.infer.InferredPlan;
import dev.dmig.infer.KnownUsers;
import dev.dmig.infer.PlanInference;
import dev.dmig.infer.StoreTableReader;
import dev.dmig.infer.Thresholds;
import dev.dmig.json.Json;
import dev.dmig.plan.Identities;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.UserPoolRef;
import dev.dmig.store.Account;
import dev.dmig.store.AccountClients;
import dev.dmig.store.AwsClients;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sides;
import dev.dmig.store.StoreRefusedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appsync.AppSyncClient;
import software.amazon.awssdk.services.appsync.AppSyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

@Command(name = "infer", sortOptions = false,
        header = "Proposes a plan from an environment's live tables.",
        description = {"Proposes a plan from an environment's live tables: finds them by suffix, reads each whole (under "
                        + "--read-whole-under items) or in rounds, and proposes a reference wherever a path's string values are IDs of a table (90%% of "
                        + "them or more, and at least 3), an identity reference (\"@owner\") where they are users' identities "
                        + "(<sub>::<username> told by their shape, or users of --source-user-pool-id) or identity-pool IDs "
                        + "(\"@identityId\"), and a pattern (\"ORDER#{order}\") where they are literal "
                        + "text around IDs, keys of single-table designs included; with --source-storage-bucket, a file "
                        + "reference where they name objects of that bucket, with the pattern that renames them when their keys "
                        + "hold IDs. A plan with identity references names identities.csv, which you write (--identities-out "
                        + "starts it), or, with --target-user-pool-id too, maps them by the two pools. Amplify DataStore's "
                        + "sync table is proposed \"skip\". Tables whose IDs are numbers, binary or names keep them (\"ids\": "
                        + "\"preserve\"). Reads only: ListTables, DescribeTable, Scan, and BatchGetItem (Query for a sort key) "
                        + "of key values, ListObjectsV2 of the bucket, ListUsers of the pools. The plan goes to --out FILE (written only when "
                        + "infer succeeds) or stdout, a summary to stderr; each table's \"comment\" says why, --evidence FILE "
                        + "has the rest. With --amplify, an Amplify Gen 1 project's own record of its environments says all of "
                        + "that: their tables, pools, buckets and regions, and the schema.",
                "",
                "  dmig infer --source-suffix -fvn7t5hbobaxjklhrqzdl4ac34-NONE --out plan.json",
                "  dmig infer --amplify ~/app --from dev --to prod --out plan.json",
                "  dmig infer --amplify ~/app --from prod --to preview --mask --out preview.json"})
final class InferCommand implements Callable<Integer> {
    /** A few hundred items: enough values per attribute to judge, one or two Scan pages per table. */
    static final int DEFAULT_SAMPLE = 500;

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--source-suffix", paramLabel = "SUFFIX",
            description = "The environment to read: tables named <Model><SUFFIX>, e.g. -fvn7t5hbobaxjklhrqzdl4ac34-NONE "
                    + "(required unless --amplify finds it).")
    String sourceSuffix;

    @Mixin
    AmplifyOptions amplify = new AmplifyOptions();

    @Option(names = "--appsync-endpoint", paramLabel = "URL", converter = Where.EndpointUrl.class,
            description = "With --from-outputs: the AppSync control plane to list the APIs and data sources at, when not AWS's.")
    URI appSyncEndpoint;

    /** The two branches' outputs files, with --from-outputs; null otherwise. */
    private AmplifyOutputsDiscovery.Outputs outputs;

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

    @Mixin
    SourceEndpoint sourceEndpoint = new SourceEndpoint();

    @Option(names = "--source-storage-bucket", paramLabel = "BUCKET",
            description = "The source's Storage (S3) bucket: its keys are listed (ListObjectsV2, up to "
                    + BucketKeys.DEFAULT_MAX + "), and a path whose values name its objects (9 in 10 of them or more, and at least 3) "
                    + "is proposed as a file reference (written into the plan's source side). Reached at --s3-endpoint when given, "
                    + "else the embedded store (local runs) or S3, with the source's role and region.")
    String sourceStorageBucket;

    @Option(names = "--source-s3-endpoint", paramLabel = "URL", converter = Where.EndpointUrl.class,
            description = "The S3-compatible server the source's Storage bucket is on, when not --s3-endpoint's: listed there, "
                    + "and written into the plan as source.storageEndpoint (signed with the default AWS credentials chain).")
    URI sourceS3Endpoint;

    @Option(names = "--target-s3-endpoint", paramLabel = "URL", converter = Where.EndpointUrl.class,
            description = "The S3-compatible server the target's Storage bucket is on, when not --s3-endpoint's: written into "
                    + "the plan as target.storageEndpoint.")
    URI targetS3Endpoint;

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

    @Option(names = "--source-user-pool-id", paramLabel = "ID",
            description = "The source's Cognito user pool: its users are listed (ListUsers, reads only), so that identity values are "
                    + "checked against real users, not shapes: a path of their subs is an identity reference (\"@sub\"), and a "
                    + "table keyed by them is mapped by the identity map (\"id\": \"@sub\"), not referred to. Read with the "
                    + "source's role and region, or at --cognito-endpoint (cognito-local).")
    String sourceUserPoolId;

    @Option(names = "--target-user-pool-id", paramLabel = "ID",
            description = "The target's user pool (with --source-user-pool-id): its users are paired with the source's by email, "
                    + "as analysis pairs them, and the plan builds its identity map from the two pools (userPoolId on each side, "
                    + "\"identities\": {\"matchBy\": \"email\"}) rather than from a file.")
    String targetUserPoolId;

    @Option(names = "--identities-out", paramLabel = "FILE",
            description = "Also write the identity map for you to complete: source_sub,target_sub,source_username,target_username, "
                    + "one line per source user infer knows (of the source's pool, or seen in owner values), the target columns "
                    + "from the pools' pairs with --target-user-pool-id, else empty. It holds the users' usernames; never over "
                    + "an existing file.")
    Path identitiesOut;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the plan to FILE rather than to stdout: only once infer has succeeded, whole or not at all "
                    + "(a failed infer leaves FILE as it was), and never over an existing FILE without --force.")
    Path planOut;

    @Option(names = "--force", description = "With --out: write over an existing FILE, such as a plan you edited.")
    boolean force;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "" + DEFAULT_SAMPLE,
            description = "Items of the first round of reading a table too large to read whole, the first a Scan returns "
                    + "(default: ${DEFAULT-VALUE}); each next round reads twice as many, until one shows no new shape of any "
                    + "attribute's values. With --read-whole-under 0, the items read per table, no more.")
    int sample;

    @Option(names = "--read-whole-under", paramLabel = "ITEMS", defaultValue = "" + PlanInference.Options.READ_WHOLE_UNDER,
            description = "Read every item of a table whose item count (DescribeTable's, which DynamoDB refreshes about every six "
                    + "hours) is under ITEMS (default: ${DEFAULT-VALUE}), and at most ITEMS of a larger one, in rounds: a rare "
                    + "value (one \"@everyone\" among 662 \"USER#<sub>\") is seen, and the plan takes it. 0: the first --sample "
                    + "items only.")
    long readWholeUnder;

    @Option(names = "--mask",
            description = "Propose a masked run, to fill a preview or staging environment with fake people: the plan's \"mask\" "
                    + "(the key from " + InferredPlan.MASK_KEY_FROM + ") and, per table, a kind for each attribute that looks "
                    + "personal as a masked run's strict mode reads it (its name: email, phone, firstName, address, birth…; its "
                    + "values: email addresses; all of them phone numbers) or as the app's schema types it (AWSEmail, AWSPhone, "
                    + "AWSIPAddress): a kind its sampled values can take (a list's elements, a map's personal parts), and keep "
                    + "for the ID, the keys and the references, which cannot be masked. The summary and each table's "
                    + "\"comment\" say why, never a value.")
    boolean mask;

    @Option(names = "--evidence", paramLabel = "FILE",
            description = "Also write the evidence as JSON: per table and path, values checked and matched, examples, what was turned down and why.")
    Path evidence;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOut();
        AmplifyOptions.Environments environments = amplify.environments(discovered());
        outputs = amplify.outputs(discovered());
        AppSchema app = null;
        if (appSyncEndpoint != null && outputs == null) {
            throw new IllegalArgumentException("--appsync-endpoint goes with --from-outputs: it is where their APIs are listed");
        }
        if (environments == null && outputs == null) {
            if (sourceSuffix == null) {
                throw new IllegalArgumentException("--source-suffix is required: the environment to read (or --amplify DIR --from ENV"
                        + " --to ENV, which finds it)");
            }
            checkSides(source());
            // The schema is read first: a file that is none is refused before any table is.
            app = schema == null ? null : AppSchema.read(schema);
            if (app != null) {
                err.println("read " + app.source() + ": " + app.models().size() + " models");
            }
        } else if (environments != null) {
            regions(environments.source().region(), environments.target().region());
        } else {
            regions(outputs.source().region().value(), outputs.target().region().value());
        }
        checkPools();
        InferredPlan inferred = infer(environments, app, err);
        String plan = withStorageEndpoints(withPoolEndpoint(withEndpoint(inferred.planJson(source()))));
        if (evidence != null) {
            Files.writeString(evidence, inferred.evidenceJson(), StandardCharsets.UTF_8);
        }
        IdentitiesFile.Written identities = identitiesOut == null ? null : IdentitiesFile.of(inferred);
        if (identities != null) {
            Files.writeString(identitiesOut, identities.text(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        }
        if (planOut == null) {
            out.print(plan);
            out.flush();
        } else {
            writePlan(plan);
        }
        inferred.summary(planOut == null ? "plan.json" : Format.shellWord(planOut.toString()))
                .forEach(line -> Format.wrap(line, "      ").forEach(err::println));
        afterSummary(inferred, identities, err);
        return ExitCode.OK;
    }

    /** The source's account as the options say (and discovery, when it found the source in another region). */
    private Account source() {
        return new Account(sourceRegion, sourceRoleArn, sourceExternalId, sourceEndpoint.url);
    }

    /** The options --amplify finds, each with whether it was given as well (which is refused). */
    private Map<String, Boolean> discovered() {
        Map<String, Boolean> given = new LinkedHashMap<>();
        given.put("--source-suffix", sourceSuffix != null);
        given.put("--target-suffix", targetSuffix != null);
        given.put("--schema", schema != null);
        given.put("--source-storage-bucket", sourceStorageBucket != null);
        given.put("--target-storage-bucket", targetStorageBucket != null);
        given.put("--source-user-pool-id", sourceUserPoolId != null);
        given.put("--target-user-pool-id", targetUserPoolId != null);
        return given;
    }

    /**
     * The target's tables are read in the target environment's region unless --region says otherwise, and the source's in
     * its own when that differs (unless --source-region says otherwise), as {@code team-provider-info.json} or the outputs'
     * {@code data.aws_region} say.
     */
    private void regions(String source, String target) {
        if (where.region == null) {
            where.region = target;
        }
        if (sourceRegion == null && !source.equals(where.region)) {
            sourceRegion = source;
        }
    }

    /** Refuses an --out that would overwrite a file without --force, or has no folder to go to, before any read. */
    private void checkOut() {
        if (force && planOut == null) {
            throw new IllegalArgumentException("--force goes with --out FILE: it lets infer write over that file");
        }
        if (planOut == null) {
            return;
        }
        if (Files.isDirectory(planOut)) {
            throw new IllegalArgumentException("--out " + planOut + " is a directory: name the plan's file, e.g. "
                    + planOut.resolve("plan.json"));
        }
        if (Files.exists(planOut) && !force) {
            throw new IllegalArgumentException("--out " + planOut + " exists: add --force to write over it (it may be a plan"
                    + " you edited), or name another file; nothing was written");
        }
        Path folder = planOut.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--out " + planOut + ": no such directory " + folder);
        }
    }

    /**
     * Writes the plan to --out whole or not at all: into a file beside it, then renamed over it, so a reader (or a
     * failure) never meets half a plan.
     */
    private void writePlan(String plan) throws IOException {
        Path folder = planOut.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(folder, "." + planOut.getFileName(), ".partial");
        try {
            Files.writeString(partial, plan, StandardCharsets.UTF_8);
            if (!force && Files.exists(planOut)) {
                throw new IllegalArgumentException("--out " + planOut + " appeared while infer ran: add --force to write over"
                        + " it, or name another file; nothing was written");
            }
            Files.move(partial, planOut, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Refuses source and bucket options that cannot go together, before any read. */
    private void checkSides(Account source) {
        if (!source.own() && targetSuffix == null) {
            throw new IllegalArgumentException("--source-region/--source-role-arn/--source-dynamodb-endpoint need --target-suffix:"
                    + " the target's tables are in another account or region than the source's, so dmig cannot list both");
        }
        if (sourceExternalId != null && sourceRoleArn == null) {
            throw new IllegalArgumentException("--source-external-id goes with --source-role-arn: add the role it is for");
        }
        if ((sourceS3Endpoint != null || targetS3Endpoint != null) && sourceStorageBucket == null && !amplify.given()) {
            throw new IllegalArgumentException((sourceS3Endpoint != null ? "--source-s3-endpoint" : "--target-s3-endpoint")
                    + " says where a Storage bucket is: add --source-storage-bucket (and --target-storage-bucket)");
        }
        if (targetStorageBucket != null && sourceStorageBucket == null) {
            throw new IllegalArgumentException("--target-storage-bucket goes with --source-storage-bucket: add the source's bucket,"
                    + " whose objects tell which attributes are files");
        }
        if (sourceStorageBucket != null && sourceStorageBucket.equals(targetStorageBucket)) {
            throw new IllegalArgumentException("--source-storage-bucket and --target-storage-bucket name the same bucket "
                    + sourceStorageBucket + ": the two environments' Storage buckets differ");
        }
    }

    /** Reads the environment and infers its plan: at --dynamodb-endpoint, else where the session's services are. */
    private InferredPlan infer(AmplifyOptions.Environments environments, AppSchema app, PrintWriter err) {
        if (where.dynamoDbEndpoint != null) {
            // Only DynamoDB is needed, and S3 only to list a Storage bucket: nothing starts or is created for artifacts.
            Region region = Region.of(where.region != null ? where.region : "us-east-1");
            AwsClients.Connection connection = new AwsClients.Connection(where.dynamoDbEndpoint, region, null, 8);
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(connection);
                 AccountClients accounts = new AccountClients(connection, where.stsEndpoint)) {
                return infer(new DynamoDbItemStore(dynamoDb, accounts), new CognitoUserPools(accounts, where.cognitoEndpoint, null),
                        (account, side, r) -> s3Client(account, storageEndpoint(side), r), environments, app, err);
            }
        }
        try (Session session = Session.open(where)) {
            // A side's bucket on a server of its own, or reached through its role, is read there; else on the store the
            // session's artifacts are in.
            return infer(session.services().items(), session.environment().userPools(), (account, side, r) -> storageEndpoint(side) != null
                    || account.roleArn() != null ? s3Client(account, storageEndpoint(side), r) : new Reached(session.environment().s3(),
                    List.of()), environments, app, err);
        }
    }

    /** How a side's buckets are reached: with its account, its endpoint, else in {@code region}. */
    private interface Storage {
        Reached reach(Account account, String side, Region region);
    }

    /**
     * Infers the plan from the tables {@code own} reads (and the source's through it), the pools and the buckets; with
     * --amplify, once discovery has found what the options would have said ({@link #discover}).
     */
    private InferredPlan infer(ItemStore own, UserPools pools, Storage storage, AmplifyOptions.Environments environments,
                               AppSchema given, PrintWriter err) {
        AppSchema app = environments != null ? discover(environments, own, storage, err) : outputs != null ? discover(own, err) : given;
        Account source = source();
        checkEndpoints(own, source);
        KnownUsers users = users(pools, source, err);
        Region region = Region.of(where.region != null ? where.region : "us-east-1");
        PlanInference.Options options = options(() -> storage.reach(source, "source", region), users, err);
        return PlanInference.infer(new StoreTableReader(reach(own, source)), mask ? options.masked() : options, app, err::println);
    }

    /**
     * Reads both environments' deployed backends, sets the options they stand in for (the suffixes, Storage buckets and
     * user pools), checks that each side has every table the schema declares, and returns the schema.
     */
    private AppSchema discover(AmplifyOptions.Environments environments, ItemStore own, Storage storage, PrintWriter err) {
        AmplifyOptions.Discovered found = AmplifyOptions.discover(environments, (environment, isSource) -> {
            String side = isSource ? "source" : "target";
            Reached reached = storage.reach(isSource ? source() : Account.OWN, side, Region.of(environment.region()));
            try {
                return AmplifyOptions.read(reached.client(), environment, storageEndpoint(side));
            } finally {
                reached.opened().forEach(InferCommand::close);
            }
        }, err);
        take(own, new Side(found.source().tableSuffix(), found.source().storage(), found.source().userPool()),
                new Side(found.target().tableSuffix(), found.target().storage(), found.target().userPool()),
                (sourceHas, targetHas) -> AmplifyOptions.checkTables(found, sourceHas, targetHas, err));
        return found.schema();
    }

    /**
     * Gen 2: reads both branches' APIs from AppSync, sets the options the outputs stand in for, checks that each side has
     * every table the data sources name, and returns the schema.
     */
    private AppSchema discover(ItemStore own, PrintWriter err) {
        AmplifyOutputsDiscovery.Discovered found = AmplifyOutputsDiscovery.discover(outputs, this::appSync, err);
        take(own, new Side(found.sourceSuffix(), found.source().storage(), found.source().userPool()),
                new Side(found.targetSuffix(), found.target().storage(), found.target().userPool()),
                (sourceHas, targetHas) -> AmplifyOutputsDiscovery.checkTables(found, sourceHas, targetHas, err));
        return found.schema();
    }

    /** What discovery found of one side: its tables' suffix, its Storage bucket and its user pool (each null when none). */
    private record Side(String tableSuffix, DeployedBackend.Found storage, DeployedBackend.Found userPool) {}

    /** Checks that each side has the tables discovery names, given DescribeTable where each side's tables are. */
    private interface TableCheck {
        void check(Predicate<String> sourceHas, Predicate<String> targetHas);
    }

    /**
     * Sets the options discovery stands in for, Gen 1's and Gen 2's alike: the tables' suffixes, the Storage buckets and the
     * user pools (the target's only beside the source's, as the options go together); checks them as given options are
     * checked, then checks each side's tables ({@code tables}) where infer reads them.
     */
    private void take(ItemStore own, Side source, Side target, TableCheck tables) {
        sourceSuffix = source.tableSuffix();
        targetSuffix = target.tableSuffix();
        sourceStorageBucket = value(source.storage());
        targetStorageBucket = sourceStorageBucket == null ? null : value(target.storage());
        sourceUserPoolId = value(source.userPool());
        targetUserPoolId = sourceUserPoolId == null ? null : value(target.userPool());
        checkSides(source());
        ItemStore sourceTables = reach(own, source());
        tables.check(t -> sourceTables.describe(t).isPresent(), t -> own.describe(t).isPresent());
    }

    /** One branch's API and data sources, listed in its region ({@code data.aws_region}), the source's with its role. */
    private AppSyncTables appSync(AmplifyOutputs branch, boolean isSource) {
        List<AutoCloseable> opened = new ArrayList<>();
        Region region = Region.of(branch.region().value());
        Account account = isSource ? source() : Account.OWN;
        AppSyncClientBuilder builder = AppSyncClient.builder().region(region).httpClientBuilder(ApacheHttpClient.builder());
        if (appSyncEndpoint != null) {
            builder.endpointOverride(appSyncEndpoint);
        }
        if (account.roleArn() != null) {
            builder.credentialsProvider(AccountClients.assumed(account, region, null, where.stsEndpoint, opened));
        }
        try (AppSyncClient client = builder.build()) {
            return AmplifyOutputsDiscovery.list(client, branch, isSource ? "source" : "target",
                    AmplifyOutputsDiscovery.at(appSyncEndpoint, region.id()));
        } finally {
            opened.forEach(InferCommand::close);
        }
    }

    private static String value(DeployedBackend.Found found) {
        return found == null ? null : found.value();
    }

    /**
     * Calls the DynamoDB endpoints given before anything is read ({@link PlanEndpoints#reach}): one where no DynamoDB
     * answers is refused in one line naming its option.
     */
    private void checkEndpoints(ItemStore own, Account source) {
        // A table that need not exist: DynamoDB answers that it does not.
        String probe = "dmig-endpoint-check" + sourceSuffix;
        if (where.dynamoDbEndpoint != null) {
            PlanEndpoints.reach(new PlanEndpoints.Named(where.dynamoDbEndpoint, "--dynamodb-endpoint", "target"),
                    () -> own.describe(probe));
        }
        if (sourceEndpoint.url != null) {
            PlanEndpoints.reach(new PlanEndpoints.Named(sourceEndpoint.url, SourceEndpoint.OPTION, "source"),
                    () -> reach(own, source).describe(probe));
        }
    }

    /** The lines after the summary: the endpoints the plan names, and the files written beside it. */
    private void afterSummary(InferredPlan inferred, IdentitiesFile.Written identities, PrintWriter err) {
        if (planOut != null) {
            err.println("plan: " + planOut);
        }
        if (where.dynamoDbEndpoint != null) {
            err.println("the plan names " + where.dynamoDbEndpoint + " as its tables' endpoint: analyze, test and migrate with it "
                    + "need no --dynamodb-endpoint");
        }
        if (where.cognitoEndpoint != null && sourceUserPoolId != null && targetUserPoolId != null && inferred.mapsIdentities()) {
            err.println("the plan names " + where.cognitoEndpoint + " as its user pools' endpoint: analyze, test and migrate with it "
                    + "need no --cognito-endpoint");
        }
        if (sourceStorageBucket != null && (storageEndpoint("source") != null || storageEndpoint("target") != null)) {
            err.println("the plan names " + (storageEndpoint("source") == null ? "AWS's S3" : storageEndpoint("source"))
                    + " as its source's Storage endpoint and " + (storageEndpoint("target") == null ? "AWS's S3"
                    : storageEndpoint("target")) + " as its target's (signed with the default AWS credentials chain)");
        }
        if (evidence != null) {
            err.println("evidence: " + evidence);
        }
        if (identities != null) {
            Format.wrap(identities.describe(identitiesOut.toString()), "  ").forEach(err::println);
        }
    }

    /** Refuses pool options that cannot go together, and an --identities-out that would overwrite a file, before any read. */
    private void checkPools() {
        if (targetUserPoolId != null && sourceUserPoolId == null) {
            throw new IllegalArgumentException("--target-user-pool-id goes with --source-user-pool-id: add the source's pool, whose"
                    + " users the target's are paired with");
        }
        if (sourceUserPoolId != null && sourceUserPoolId.equals(targetUserPoolId)) {
            throw new IllegalArgumentException("--source-user-pool-id and --target-user-pool-id name the same pool " + sourceUserPoolId
                    + ": the two environments' user pools differ");
        }
        if (identitiesOut != null && Files.exists(identitiesOut)) {
            throw new IllegalArgumentException("--identities-out " + identitiesOut + " exists: infer never writes over an identity map"
                    + " you may have filled in; move it away or name another file");
        }
        Path folder = identitiesOut == null ? null : identitiesOut.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--identities-out " + identitiesOut + ": no such directory " + folder);
        }
    }

    /**
     * The source's users, read from its user pool (and the target's, paired with them) when given; null otherwise. A pool
     * that cannot be read stops infer in one line naming its option.
     */
    private KnownUsers users(UserPools pools, Account source, PrintWriter err) {
        if (sourceUserPoolId == null) {
            return null;
        }
        err.println("listing the users of pool " + sourceUserPoolId + (targetUserPoolId == null ? "" : " and " + targetUserPoolId)
                + " (ListUsers; reads only)");
        try {
            UserPool sourcePool = pools.pool("source", source, new UserPoolRef(sourceUserPoolId, null));
            UserPool targetPool = targetUserPoolId == null ? null : pools.pool("target", Account.OWN, new UserPoolRef(targetUserPoolId, null));
            return KnownUsers.ofPools(PoolUsers.read(sourcePool, targetPool, Identities.DEFAULT_MATCH));
        } catch (PlanInvalidException e) {
            throw new IllegalArgumentException(optionNames(String.join("; ", e.problems().stream().map(Problem::toString).toList())), e);
        } catch (StoreRefusedException e) {
            throw new IllegalArgumentException(optionNames(e.getMessage()), e);
        }
    }

    /** A pool's refusal, which names the plan's fields, in the words of this command's options. */
    private static String optionNames(String message) {
        return message.replace("source.userPoolId", "--source-user-pool-id").replace("target.userPoolId", "--target-user-pool-id")
                .replace("source.userPoolEndpoint", "--cognito-endpoint").replace("target.userPoolEndpoint", "--cognito-endpoint")
                .replace("source.region", "--source-region").replace("target.region", "--region")
                .replace(", or give the map as identities.csv", ", or infer without the pools");
    }

    /**
     * The plan with --cognito-endpoint written into the sides that name a user pool, so that the runs made from it read
     * the pools infer read without being told again.
     */
    private String withPoolEndpoint(String plan) throws IOException {
        if (where.cognitoEndpoint == null) {
            return plan;
        }
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(plan);
        boolean named = false;
        for (String side : List.of("source", "target")) {
            ObjectNode node = (ObjectNode) tree.get(side);
            if (node.has("userPoolId") && !node.has("userPoolEndpoint")) {
                node.put("userPoolEndpoint", where.cognitoEndpoint.toString());
                named = true;
            }
        }
        return named ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n" : plan;
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

    /** Where a side's Storage bucket is: its own option, else --s3-endpoint; null for neither. */
    private URI storageEndpoint(String side) {
        URI own = side.equals("source") ? sourceS3Endpoint : targetS3Endpoint;
        return own != null ? own : where.s3Endpoint;
    }

    /**
     * The plan with each side's S3 endpoint written into the sides that name a Storage bucket ({@code storageEndpoint}),
     * so that the runs made from it reach the buckets infer was told of, not the store their artifacts are in.
     */
    private String withStorageEndpoints(String plan) throws IOException {
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(plan);
        boolean named = false;
        for (String side : List.of("source", "target")) {
            ObjectNode node = (ObjectNode) tree.get(side);
            URI endpoint = storageEndpoint(side);
            if (endpoint != null && node.has("storageBucket") && !node.has("storageEndpoint")) {
                node.put("storageEndpoint", endpoint.toString());
                named = true;
            }
        }
        return named ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n" : plan;
    }

    /** An S3 client reaching the source's bucket, and what it opened for the caller to close ({@code client} too when listed). */
    private record Reached(S3Client client, List<AutoCloseable> opened) {}

    /**
     * The options, with the source's bucket listed when one was given ({@code s3}: how to reach it), and its users when
     * read from its pool ({@code users}, null otherwise).
     */
    private PlanInference.Options options(Supplier<Reached> s3, KnownUsers users, PrintWriter err) {
        if (sourceStorageBucket == null) {
            return new PlanInference.Options(sourceSuffix, targetSuffix, sample, Thresholds.DEFAULT, users, null, readWholeUnder);
        }
        err.println("listing the keys of bucket " + sourceStorageBucket + " (up to " + BucketKeys.DEFAULT_MAX + ")");
        Reached reached = s3.get();
        try {
            BucketKeys keys = BucketKeys.list(reached.client(), sourceStorageBucket, BucketKeys.DEFAULT_MAX);
            return new PlanInference.Options(sourceSuffix, targetSuffix, sample, Thresholds.DEFAULT, users,
                    new PlanInference.Buckets(keys, targetStorageBucket), readWholeUnder);
        } catch (NoSuchBucketException e) {
            throw new IllegalArgumentException("bucket " + sourceStorageBucket + " does not exist where dmig looks"
                    + (storageEndpoint("source") != null ? " (at " + storageEndpoint("source") + ": --source-s3-endpoint, else --s3-endpoint)"
                    : " (--s3-endpoint, --source-region, --source-role-arn)") + ": check --source-storage-bucket");
        } catch (S3Exception e) {
            throw new IllegalArgumentException("cannot list bucket " + sourceStorageBucket + ": " + e.awsErrorDetails().errorCode()
                    + " (HTTP " + e.statusCode() + "); infer needs s3:ListBucket on it");
        } finally {
            reached.opened().forEach(InferCommand::close);
        }
    }

    /**
     * S3 where a side's bucket is: at {@code endpoint} when given (a local store standing in for the account), else AWS's,
     * in the account's region or {@code region}, with the account's role when it has one.
     */
    private Reached s3Client(Account account, URI endpoint, Region region) {
        List<AutoCloseable> opened = new ArrayList<>();
        Region chosen = account.region() != null ? Region.of(account.region()) : region;
        AwsCredentialsProvider credentials = account.roleArn() == null ? null
                : AccountClients.assumed(account, chosen, null, where.stsEndpoint, opened);
        S3Client client = AwsClients.s3Storage(new AwsClients.Connection(endpoint, chosen, credentials, 4));
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
