package dev.dmig.contract;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmig.Settings;
import dev.dmig.TestFeatures;
import dev.dmig.handler.Deployment;
import dev.dmig.local.CloudFormationYaml;
import dev.dmig.run.LambdaConcurrency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The links between {@code statemachine/migration.asl.json}, {@code infra/template.yaml} and the
 * {@code functions} module that only a failed deployment or a failed execution would otherwise
 * reveal. Each check returns its problems, one line each naming file, resource or state, so the
 * same checks run on the real files and on broken copies of them.
 */
final class DeploymentContract {
    static final String ASL = "statemachine/migration.asl.json";
    static final String TEMPLATE = "infra/template.yaml";
    static final String FUNCTIONS_SOURCES = "functions/src/main/java";
    static final String FUNCTIONS_JAR = "functions/target/functions.jar";
    static final String SAMCONFIG = "samconfig.toml";
    static final String SOURCE_ROLE_TEMPLATE = "infra/source-account-role.yaml";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern HANDLER = Pattern.compile("([\\w.$]+)::(\\w+)");
    private static final Pattern FUNCTION_REFERENCE = Pattern.compile("(\\w+)(\\.Alias|Alias\\w+|\\.Version)");
    private static final Set<String> TABLE_WRITES = Set.of("dynamodb:BatchWriteItem", "dynamodb:PutItem",
            "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:TransactWriteItems", "dynamodb:PartiQLInsert",
            "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete", "dynamodb:RestoreTableFromBackup",
            "dynamodb:RestoreTableToPointInTime", "dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:ImportTable");
    private static final Set<String> DATA_SERVICES = Set.of("dynamodb", "s3", "lambda", "states", "cognito-idp", "secretsmanager");
    /** Actions that AWS offers on no narrower resource than {@code *}. */
    private static final Set<String> UNSCOPABLE = Set.of("dynamodb:ListTables", "lambda:GetAccountSettings");
    private static final String SOURCE_SUFFIX = "SourceTableSuffix";
    private static final String TARGET_SUFFIX = "TargetTableSuffix";
    private static final String SOURCE_ROLE = "SourceRoleArn";
    private static final String TARGET_ROLE = "TargetRoleArn";
    /**
     * The variables the functions read each side's deployed role from ({@code Deployment.SOURCE_ROLE_ARN} and
     * {@code TARGET_ROLE_ARN}), with the parameter each must carry.
     */
    private static final Map<String, String> ROLE_VARIABLES = new TreeMap<>(Map.of(
            "DMIG_SOURCE_ROLE_ARN", SOURCE_ROLE, "DMIG_TARGET_ROLE_ARN", TARGET_ROLE));
    private static final String SOURCE_POOL = "SourceUserPoolId";
    private static final String TARGET_POOL = "TargetUserPoolId";
    /** What dmig does with a user pool first: it lists its users (the source's pool is never written). */
    static final String LIST_USERS = "cognito-idp:ListUsers";
    /** The functions that read user pools: Analyze builds a run's identity map. */
    private static final Set<String> POOL_READERS = Set.of("AnalyzeFunction");
    private static final String MASK_KEY_SECRET = "MaskKeySecretArn";
    private static final String MASK_KEY_SECRET_KEY = "MaskKeySecretKmsKeyArn";
    /** The variable the functions that mask read the masking key's secret from ({@code feature.mask.MaskKeySecret}). */
    private static final String MASK_KEY_VARIABLE = "DMIG_MASK_KEY_SECRET_ARN";
    /** The functions that mask items, and so read the masking key: the analysis, a test, the copy, validation, following. */
    private static final Set<String> MASKERS = Set.of("AnalyzeFunction", "TestRecordsFunction", "MigrateSegmentFunction",
            "ValidateFunction", "FollowFunction");
    private static final String GET_SECRET = "secretsmanager:GetSecretValue";

    /** A Cognito call a function makes on one side's pool, and what fails without it. */
    private record PoolCall(String function, String pool, String action, String without) {}

    /**
     * Every Cognito call of the functions: Analyze lists both pools for the identity map; a masked run's users are
     * created in the target's pool by Analyze (deleted again when the run is refused before it writes), looked through by
     * validation and deleted by the rollback. The masked users' calls are granted only on a stack that masks ({@value #MASK_KEY_SECRET} set).
     */
    private static final List<PoolCall> POOL_CALLS = List.of(
            new PoolCall("AnalyzeFunction", SOURCE_POOL, LIST_USERS, "Analyze could not build an identity map from it"),
            new PoolCall("AnalyzeFunction", TARGET_POOL, LIST_USERS, "Analyze could not build an identity map from it"),
            new PoolCall("AnalyzeFunction", TARGET_POOL, "cognito-idp:DescribeUserPool",
                    "a masked run could not tell what the pool signs its users in with"),
            new PoolCall("AnalyzeFunction", TARGET_POOL, "cognito-idp:AdminCreateUser", "a masked run could not put its users there"),
            new PoolCall("AnalyzeFunction", TARGET_POOL, "cognito-idp:AdminDeleteUser",
                    "a masked run refused before it writes could not delete the users it created"),
            new PoolCall("ValidateFunction", TARGET_POOL, LIST_USERS,
                    "a masked run's validation could not look through the users it created for source values"),
            new PoolCall("RollbackFunction", TARGET_POOL, LIST_USERS,
                    "a masked run's rollback could not find a user whose creation the run did not see end"),
            new PoolCall("RollbackFunction", TARGET_POOL, "cognito-idp:AdminDeleteUser", "a masked run's rollback could not delete its users"));
    /** The variables Analyze reads each side's deployed user pool from ({@code Deployment}), with the parameter each carries. */
    private static final Map<String, String> POOL_VARIABLES = new TreeMap<>(Map.of(
            "DMIG_SOURCE_USER_POOL_ID", SOURCE_POOL, "DMIG_TARGET_USER_POOL_ID", TARGET_POOL));
    private static final String SOURCE_BUCKET = "SourceStorageBucket";
    /** The source environment's Amplify deployment bucket, of which {@code dmig infer --amplify} reads one object. */
    private static final String SOURCE_DEPLOYMENT = "SourceDeploymentBucket";
    /** That object: the deployed backend, as the Amplify CLI names it. */
    static final String DEPLOYED_BACKEND = "arn:${AWS::Partition}:s3:::${" + SOURCE_DEPLOYMENT + "}/#current-cloud-backend.zip";
    /** The source branch's AppSync API (an ID, or * for any of the account's), which {@code dmig infer --from-outputs} lists. */
    private static final String SOURCE_APPSYNC_API = "SourceAppSyncApiId";
    /** Finds the source branch's API among the account's; IAM gives it no resource type, so it is granted on "*". */
    static final String LIST_APIS = "appsync:ListGraphqlApis";
    /** Lists the source API's data sources: its tables. */
    static final String LIST_DATA_SOURCES = "appsync:ListDataSources";
    /** The one API whose data sources the source role may list (any region of the account, as the tables). */
    static final String SOURCE_API = "arn:${AWS::Partition}:appsync:*:${AWS::AccountId}:apis/${" + SOURCE_APPSYNC_API + "}";
    private static final String TARGET_BUCKET = "TargetStorageBucket";
    /** What dmig does with a source Storage bucket: it reads objects (a version, for a copy of one) and lists keys. */
    static final Set<String> SOURCE_BUCKET_READS = Set.of("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket");
    /** What dmig does with a target Storage bucket: reads it, its versions, and puts and deletes objects (or versions). */
    static final Set<String> TARGET_BUCKET_ACTIONS = Set.of("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket",
            "s3:ListBucketVersions", "s3:GetBucketVersioning", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion",
            "s3:AbortMultipartUpload");
    /** The writes a Deny beside the target's grants must refuse on the source bucket, whatever else allows them. */
    private static final List<String> OBJECT_WRITES = List.of("s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion");
    /** The variables the functions read each side's deployed Storage bucket from ({@code StorageReach}). */
    private static final Map<String, String> BUCKET_VARIABLES = new TreeMap<>(Map.of(
            "DMIG_SOURCE_STORAGE_BUCKET", SOURCE_BUCKET, "DMIG_TARGET_STORAGE_BUCKET", TARGET_BUCKET));
    /**
     * The functions that delete objects of the target Storage bucket: a rollback undoes its run's copies
     * ({@code feature.files.ObjectUndo}); no other step deletes an object there.
     */
    static final Set<String> OBJECT_DELETERS = Set.of("RollbackFunction");
    private static final List<String> OBJECT_DELETES = List.of("s3:DeleteObject", "s3:DeleteObjectVersion");
    /** Each Storage bucket parameter's owner parameter: the account the bucket must belong to, empty for the default. */
    private static final Map<String, String> BUCKET_OWNERS = new TreeMap<>(Map.of(
            SOURCE_BUCKET, "SourceStorageBucketOwner", TARGET_BUCKET, "TargetStorageBucketOwner"));
    /** The variables that tell the functions each side's bucket owner, with the bucket parameter and its side's role. */
    private static final Map<String, List<String>> OWNER_VARIABLES = new TreeMap<>(Map.of(
            "DMIG_SOURCE_STORAGE_BUCKET_OWNER", List.of(SOURCE_BUCKET, SOURCE_ROLE),
            "DMIG_TARGET_STORAGE_BUCKET_OWNER", List.of(TARGET_BUCKET, TARGET_ROLE)));
    /** Each Storage bucket parameter's KMS key parameter (SSE-KMS), empty for none. */
    private static final Map<String, String> BUCKET_KEYS = new TreeMap<>(Map.of(
            SOURCE_BUCKET, "SourceStorageKmsKeyArn", TARGET_BUCKET, "TargetStorageKmsKeyArn"));
    /** What would change a run's artifacts: a write or a delete of an object, or of one of its versions. */
    private static final List<String> RUN_WRITES = List.of("s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion");
    private static final String RUNS = "${ArtifactsBucket.Arn}/runs/*";
    private static final Pattern CONDITION_REFERENCE = Pattern.compile("\\{Condition=(\\w+)}");
    /** A feature's constant naming an environment variable of the functions. */
    private static final Pattern FEATURE_VARIABLE = Pattern.compile("static final String \\w+ = \"(DMIG_[A-Z0-9_]+)\";");
    /** What dmig's source side calls; the source account's role must allow each. */
    static final List<String> SOURCE_READS = List.of("dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem",
            "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive",
            "dynamodb:DescribeContinuousBackups", "dynamodb:ListTables");
    /**
     * What following calls on a source table's stream (DynamoDbSourceStream): its shards, an iterator into one, its
     * records. It finds the stream by DescribeTable (its latest stream ARN), so it never lists streams.
     */
    static final List<String> STREAM_READS = List.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords");
    /** DynamoDB Streams' actions, granted or not (IAM action names ignore case). */
    private static final Pattern STREAM_ACTION = Pattern.compile("dynamodb:(DescribeStream|GetShardIterator|GetRecords|ListStreams)",
            Pattern.CASE_INSENSITIVE);
    /** The streams of the source tables, by suffix, as the stack's policy (this region) and the source role (any) name them. */
    private static final Pattern SOURCE_STREAMS = Pattern.compile(
            "arn:\\$\\{AWS::Partition}:dynamodb:(\\$\\{AWS::Region}|\\*):\\$\\{AWS::AccountId}:table/\\*\\$\\{SourceTableSuffix}/stream/\\*");
    /**
     * What a read through a global secondary index calls (DynamoDbItemStore's {@code scanAttributes} with an index, which
     * {@code indexOn} finds: a table's match pairing reads the target's {@code on} attributes so): an index is a resource
     * of its own, and takes no writes.
     */
    static final List<String> INDEX_READS = List.of("dynamodb:Scan", "dynamodb:Query");
    /** A side's tables by suffix (group 2) or their indexes (group 3), as the stack (this region) and the source role (any) name them. */
    private static final Pattern SIDE_TABLES = Pattern.compile("arn:\\$\\{AWS::Partition}:dynamodb:(\\$\\{AWS::Region}|\\*):"
            + "\\$\\{AWS::AccountId}:table/\\*\\$\\{(SourceTableSuffix|TargetTableSuffix)}(/index/\\*)?");
    /** DynamoDB actions that change a table, its items or its backups (IAM action names ignore case). */
    private static final Pattern DYNAMODB_WRITE = Pattern.compile(
            "dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite|Create|Restore|Import|PartiQL(Insert|Update|Delete)).*",
            Pattern.CASE_INSENSITIVE);

    private final Path asl;
    private final Path template;
    private final Path functionsSources;
    private final JsonNode definition;
    private final String definitionText;
    private final Map<String, Object> cfn;

    DeploymentContract(Path asl, Path template, Path functionsSources) {
        this.asl = asl;
        this.template = template;
        this.functionsSources = functionsSources;
        try {
            this.definitionText = Files.readString(asl);
            this.definition = new ObjectMapper().readTree(definitionText);
            this.cfn = CloudFormationYaml.read(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's own files. */
    static DeploymentContract ofProject() {
        Path root = projectRoot();
        return new DeploymentContract(root.resolve(ASL), root.resolve(TEMPLATE), root.resolve(FUNCTIONS_SOURCES));
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(ASL))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(ASL + " not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Every check at once. */
    List<String> problems() {
        List<String> all = new ArrayList<>();
        all.addAll(stateMachineProblems());
        all.addAll(placeholderProblems());
        all.addAll(handlerProblems());
        all.addAll(taskResourceProblems());
        all.addAll(errorProblems());
        all.addAll(iamProblems());
        all.addAll(environmentProblems());
        all.addAll(roleVariableProblems());
        all.addAll(assumeRoleProblems());
        all.addAll(loggingProblems());
        all.addAll(itemReaderProblems());
        all.addAll(userPoolProblems());
        all.addAll(maskKeyProblems());
        all.addAll(storageProblems());
        all.addAll(objectDeleteProblems());
        all.addAll(bucketOwnerProblems());
        all.addAll(storageKeyProblems());
        all.addAll(runsWriteProblems());
        all.addAll(streamReadProblems());
        all.addAll(indexReadProblems());
        return all;
    }

    /** Reads through an index, in the stack: each side's tables' read policies reach their indexes too. */
    List<String> indexReadProblems() {
        return indexReadProblems(cfn, templateName());
    }

    /**
     * Reads through an index, in a template: every policy that may Query or Scan a side's tables ({@code table/*<suffix>})
     * may do the same on their indexes ({@code table/*<suffix>/index/*}), which a read through a GSI asks for, and an
     * index is granted {@link #INDEX_READS} only, of a side's tables only.
     */
    static List<String> indexReadProblems(Map<String, Object> template, String name) {
        List<String> problems = new ArrayList<>();
        for (var document : policyDocuments(template, new ArrayList<>()).entrySet()) {
            Map<String, Set<String>> onTables = new TreeMap<>();
            Map<String, Set<String>> onIndexes = new TreeMap<>();
            for (Guarded statement : document.getValue()) {
                Map<String, Object> body = statement.body();
                if (!"Allow".equals(body.get("Effect"))) {
                    continue;
                }
                String where = name + " " + document.getKey() + " " + body.get("Sid");
                for (String resource : list(body.get("Resource")).stream().map(DeploymentContract::render).toList()) {
                    Matcher side = SIDE_TABLES.matcher(resource);
                    if (side.matches()) {
                        (side.group(3) == null ? onTables : onIndexes).computeIfAbsent(side.group(2), s -> new TreeSet<>())
                                .addAll(strings(body.get("Action")));
                    } else if (resource.contains("/index/")) {
                        problems.add(where + ": allows " + String.join(", ", strings(body.get("Action"))) + " on " + resource
                                + "; only the indexes of a side's tables (table/*${<side>TableSuffix}/index/*) may be read");
                    }
                }
            }
            onIndexes.forEach((suffix, actions) -> actions.stream().filter(a -> !INDEX_READS.contains(a)).forEach(a -> problems.add(
                    name + " " + document.getKey() + ": allows " + a + " on the indexes of the tables *${" + suffix
                            + "}; an index is only read (" + String.join(", ", INDEX_READS) + ")")));
            onTables.forEach((suffix, actions) -> INDEX_READS.stream().filter(a -> actions.contains(a)
                    && !onIndexes.getOrDefault(suffix, Set.of()).contains(a)).forEach(a -> problems.add(name + " " + document.getKey()
                    + ": allows " + a + " on the tables *${" + suffix + "} but not on their indexes (table/*${" + suffix
                    + "}/index/*): a read through a GSI would be refused")));
        }
        return problems;
    }

    /** The actions of {@link #INDEX_READS} that some policy of a template grants on the source tables' indexes. */
    private static Set<String> sourceIndexReads(Map<String, Object> template) {
        Set<String> granted = new TreeSet<>();
        for (List<Guarded> statements : policyDocuments(template, new ArrayList<>()).values()) {
            for (Guarded statement : statements) {
                Map<String, Object> body = statement.body();
                boolean onSourceIndexes = list(body.get("Resource")).stream().map(DeploymentContract::render)
                        .map(SIDE_TABLES::matcher).anyMatch(m -> m.matches() && SOURCE_SUFFIX.equals(m.group(2)) && m.group(3) != null);
                if ("Allow".equals(body.get("Effect")) && onSourceIndexes) {
                    strings(body.get("Action")).stream().filter(INDEX_READS::contains).forEach(granted::add);
                }
            }
        }
        return granted;
    }

    /** Following's least privilege on the source's streams, in the stack: granted to the Follow function. */
    List<String> streamReadProblems() {
        return streamReadProblems(cfn, template.getFileName().toString(), "FollowFunction");
    }

    /**
     * Following's least privilege on the source's streams, in a template ({@code owner}: the resource that must be
     * granted them, or null for any): exactly {@link #STREAM_READS}, every one granted, only on the source tables'
     * streams ({@link #SOURCE_STREAMS}), and no other stream action (ListStreams); a table's DescribeTable on the source
     * tables is granted beside them.
     */
    static List<String> streamReadProblems(Map<String, Object> template, String name, String owner) {
        List<String> problems = new ArrayList<>();
        Set<String> granted = new TreeSet<>();
        boolean describesTables = false;
        Set<String> policies = owner == null ? null : new TreeSet<>(attached(properties(map(map(template.get("Resources")).get(owner)))
                .get("Policies")).stream().map(p -> String.valueOf(map(p.policy()).get("Ref"))).toList());
        for (var document : policyDocuments(template, new ArrayList<>()).entrySet()) {
            String holder = document.getKey().split(" ")[0];
            boolean ownersOwn = policies == null || policies.contains(holder) || holder.equals(owner);
            for (Guarded statement : document.getValue()) {
                Map<String, Object> body = statement.body();
                if (!"Allow".equals(body.get("Effect"))) {
                    continue;
                }
                List<String> resources = list(body.get("Resource")).stream().map(DeploymentContract::render).toList();
                for (String action : strings(body.get("Action"))) {
                    if (!STREAM_ACTION.matcher(action).matches()) {
                        describesTables |= ownersOwn && action.equals("dynamodb:DescribeTable")
                                && resources.stream().anyMatch(r -> r.endsWith(":table/*${" + SOURCE_SUFFIX + "}"));
                        continue;
                    }
                    String where = name + " " + document.getKey() + " " + body.get("Sid");
                    if (!STREAM_READS.contains(action)) {
                        problems.add(where + ": allows " + action + ", which following never calls");
                    }
                    resources.stream().filter(r -> !SOURCE_STREAMS.matcher(r).matches()).forEach(r -> problems.add(where
                            + ": allows " + action + " on " + r + "; only the source tables' streams may be read"));
                    if (ownersOwn) {
                        granted.add(action);
                    }
                }
            }
        }
        String who = owner == null ? name : name + " " + owner;
        STREAM_READS.stream().filter(a -> !granted.contains(a)).forEach(a -> problems.add(who + ": does not allow " + a
                + " on the source tables' streams, which following calls"));
        if (!describesTables) {
            problems.add(who + ": does not allow dynamodb:DescribeTable on the source tables, which finds their streams");
        }
        return problems;
    }

    /** The pool a side's parameter names, as the templates write its ARN (the region is the pool ID's prefix). */
    static String poolArn(String parameter) {
        return "arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:userpool/${" + parameter + "}";
    }

    /**
     * dmig's Cognito calls ({@link #POOL_CALLS}) and no other (nor a pattern covering one): each on exactly the pool a side's
     * parameter names, inside an {@code Fn::If} on a condition of that parameter (an empty one grants nothing), for the
     * function that makes it alone; the source's pool only listed; a masked run's users' calls under a condition of
     * {@value #MASK_KEY_SECRET} too (a stack that does not mask never writes to a pool); every call granted; and Analyze
     * told both pools (so that it refuses a plan naming another).
     */
    List<String> userPoolProblems() {
        List<String> problems = new ArrayList<>();
        Set<PoolCall> granted = new java.util.HashSet<>();
        for (var document : policyDocuments(cfn, new ArrayList<>()).entrySet()) {
            String function = document.getKey().split(" ")[0];
            List<Guarded> statements = document.getValue();
            for (int i = 0; i < statements.size(); i++) {
                Guarded statement = statements.get(i);
                Map<String, Object> body = statement.body();
                List<String> cognito = strings(body.get("Action")).stream()
                        .filter(a -> a.toLowerCase(java.util.Locale.ROOT).startsWith("cognito-idp:")).toList();
                if (!"Allow".equals(body.get("Effect")) || cognito.isEmpty()) {
                    continue;
                }
                String where = document.getKey() + " statement " + (body.get("Sid") != null ? body.get("Sid") : "#" + (i + 1));
                for (Object value : list(body.get("Resource"))) {
                    for (String action : cognito) {
                        PoolCall call = poolCallProblem(where, function, action, render(value), statement.condition(), problems);
                        if (call != null) {
                            granted.add(call);
                        }
                    }
                }
            }
        }
        POOL_CALLS.stream().filter(call -> !granted.contains(call)).forEach(call -> problems.add(templateName() + ": "
                + (call.action().equals(LIST_USERS) && POOL_READERS.contains(call.function()) ? "no policy allows"
                : call.function() + " is not allowed") + " " + call.action() + " on the " + call.pool() + " pool: " + call.without()));
        Map<String, Object> global = variables(globalFunction());
        for (String reader : POOL_READERS) {
            Map<String, Object> all = new LinkedHashMap<>(global);
            all.putAll(variables(properties(map(map(cfn.get("Resources")).get(reader)))));
            POOL_VARIABLES.forEach((variable, parameter) -> {
                if (!("${" + parameter + "}").equals(all.get(variable) == null ? null : render(all.get(variable)))) {
                    problems.add(reader + ": " + variable + " is not the parameter " + parameter + "; Analyze could not refuse a plan "
                            + "whose user pool is not the deployed one");
                }
            });
        }
        return problems;
    }

    /**
     * The call one grant of {@code action} on {@code resource} makes, when it is one of {@link #POOL_CALLS} granted as it
     * must be; else null, with the problem added to {@code problems}.
     */
    private PoolCall poolCallProblem(String where, String function, String action, String resource, String condition,
                                     List<String> problems) {
        String pool = Stream.of(SOURCE_POOL, TARGET_POOL).filter(p -> resource.equals(poolArn(p))).findFirst().orElse(null);
        String guard = condition == null ? "" : resolved(map(cfn.get("Conditions")), condition, 0);
        PoolCall call = new PoolCall(function, pool, action, null);
        List<PoolCall> calls = POOL_CALLS.stream().filter(c -> c.function().equals(function)).toList();
        if (pool == null) {
            problems.add(where + ": allows " + action + " on " + resource + "; only the pools ${" + SOURCE_POOL + "} and ${"
                    + TARGET_POOL + "} may be reached");
        } else if (calls.isEmpty()) {
            problems.add(where + ": allows " + action + ", but only " + POOL_CALLS.stream().map(PoolCall::function).distinct()
                    .collect(Collectors.joining(", ")) + " call user pools");
        } else if (pool.equals(SOURCE_POOL) && !action.equals(LIST_USERS)) {
            problems.add(where + ": allows " + action + " on the " + SOURCE_POOL + " pool; the source's pool is only read ("
                    + LIST_USERS + ")");
        } else if (calls.stream().noneMatch(c -> c.pool().equals(pool) && c.action().equals(action))) {
            problems.add(where + ": allows " + action + " on the " + pool + " pool, which " + function + " never calls there");
        } else if (!guard.contains("{Ref=" + pool + "}")) {
            problems.add(where + ": allows " + action + " on the " + pool + " pool outside an Fn::If on " + pool + ": with "
                    + pool + " empty the policy would name no pool");
        } else if (!(POOL_READERS.contains(function) && action.equals(LIST_USERS)) && !guard.contains("{Ref=" + MASK_KEY_SECRET + "}")) {
            problems.add(where + ": allows " + action + " on the " + pool + " pool outside an Fn::If on " + MASK_KEY_SECRET
                    + ": a stack that does not mask would write to the pool");
        } else {
            return calls.stream().filter(c -> c.pool().equals(pool) && c.action().equals(action)).findFirst().orElse(call);
        }
        return null;
    }

    /**
     * The masking key's secret: {@value #MASK_KEY_SECRET} a parameter, empty by default; the functions that mask
     * ({@link #MASKERS}) and no other told it as {@value #MASK_KEY_VARIABLE}; each of them, and no other, allowed
     * {@value #GET_SECRET} on that secret alone, under a condition of the parameter, and no other Secrets Manager action;
     * and, with {@value #MASK_KEY_SECRET_KEY} set, {@code kms:Decrypt} with that key through Secrets Manager only.
     */
    List<String> maskKeyProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> parameter = map(map(cfn.get("Parameters")).get(MASK_KEY_SECRET));
        if (parameter.isEmpty() || !"".equals(parameter.get("Default"))) {
            problems.add(templateName() + ": no parameter " + MASK_KEY_SECRET + " with an empty default: a masked run could "
                    + "not be given its key, or every stack would be given one");
        }
        Map<String, Object> global = variables(globalFunction());
        Map<String, Object> conditions = map(cfn.get("Conditions"));
        for (var function : functionStatements().entrySet()) {
            String name = function.getKey();
            Map<String, Object> all = new LinkedHashMap<>(global);
            all.putAll(variables(properties(map(map(cfn.get("Resources")).get(name)))));
            Object told = all.get(MASK_KEY_VARIABLE);
            boolean masks = MASKERS.contains(name);
            if (masks && !("${" + MASK_KEY_SECRET + "}").equals(told == null ? null : render(told))) {
                problems.add(name + ": " + MASK_KEY_VARIABLE + " is not the parameter " + MASK_KEY_SECRET + ": a masked run "
                        + "would be refused there for want of its key");
            } else if (!masks && told != null) {
                problems.add(name + ": is told " + MASK_KEY_VARIABLE + ", but it masks nothing: only the functions that mask "
                        + "may know the masking key's secret");
            }
            boolean reads = false;
            boolean decrypts = false;
            for (Guarded statement : function.getValue()) {
                Map<String, Object> body = statement.body();
                if (!"Allow".equals(body.get("Effect"))) {
                    continue;
                }
                String where = name + " statement " + body.get("Sid");
                String guard = statement.condition() == null ? "" : resolved(conditions, statement.condition(), 0);
                List<String> resources = list(body.get("Resource")).stream().map(DeploymentContract::render).toList();
                for (String action : strings(body.get("Action"))) {
                    if (action.toLowerCase(java.util.Locale.ROOT).startsWith("secretsmanager:")) {
                        reads |= secretGrantProblem(where, masks, action, resources, guard, problems);
                    } else if (resources.contains("${" + MASK_KEY_SECRET_KEY + "}")) {
                        decrypts |= secretKeyGrantProblem(where, masks, action, body, guard, problems);
                    }
                }
            }
            if (masks && !reads) {
                problems.add(name + ": is not allowed " + GET_SECRET + " on ${" + MASK_KEY_SECRET + "}: a masked run would be "
                        + "refused there for want of its key");
            }
            if (masks && !decrypts) {
                problems.add(name + ": is not allowed kms:Decrypt with ${" + MASK_KEY_SECRET_KEY + "}: a secret under that key "
                        + "could not be read there");
            }
        }
        return problems;
    }

    /** True when a grant of {@code action} reads the masking key's secret as it must; else false, with its problem. */
    private static boolean secretGrantProblem(String where, boolean masks, String action, List<String> resources, String guard,
                                              List<String> problems) {
        if (!action.equals(GET_SECRET)) {
            problems.add(where + ": allows " + action + "; the functions read the masking key's secret (" + GET_SECRET
                    + ") and nothing else of Secrets Manager");
        } else if (!masks) {
            problems.add(where + ": allows " + GET_SECRET + ", but only " + String.join(", ", new TreeSet<>(MASKERS))
                    + " read the masking key");
        } else if (!resources.equals(List.of("${" + MASK_KEY_SECRET + "}"))) {
            problems.add(where + ": allows " + GET_SECRET + " on " + String.join(", ", resources) + "; only the secret "
                    + MASK_KEY_SECRET + " names may be read");
        } else if (!guard.contains("{Ref=" + MASK_KEY_SECRET + "}")) {
            problems.add(where + ": allows " + GET_SECRET + " outside an Fn::If on " + MASK_KEY_SECRET + ": with it empty the "
                    + "policy would name no secret");
        } else {
            return true;
        }
        return false;
    }

    /** True when a grant with the masking key's secret's KMS key decrypts it as it must; else false, with its problem. */
    private static boolean secretKeyGrantProblem(String where, boolean masks, String action, Map<String, Object> body, String guard,
                                                 List<String> problems) {
        boolean throughSecretsManager = String.valueOf(body.get("Condition")).contains("kms:ViaService={Fn::Sub=secretsmanager.");
        if (!action.equals("kms:Decrypt") || !masks) {
            problems.add(where + ": allows " + action + " with ${" + MASK_KEY_SECRET_KEY + "}; only the functions that mask "
                    + "decrypt the masking key's secret with it (kms:Decrypt)");
        } else if (!throughSecretsManager) {
            problems.add(where + ": allows kms:Decrypt with ${" + MASK_KEY_SECRET_KEY + "} outside Secrets Manager (no "
                    + "kms:ViaService secretsmanager.*): the key would decrypt anything it protects");
        } else if (!guard.contains("{Ref=" + MASK_KEY_SECRET_KEY + "}")) {
            problems.add(where + ": allows kms:Decrypt outside an Fn::If on " + MASK_KEY_SECRET_KEY + ": with it empty the "
                    + "policy would name no key");
        } else {
            return true;
        }
        return false;
    }

    /** A bucket parameter's ARN as the templates write it, for the bucket itself or ({@code objects}) its objects. */
    static String bucketArn(String parameter, boolean objects) {
        return "arn:${AWS::Partition}:s3:::${" + parameter + "}" + (objects ? "/*" : "");
    }

    /**
     * Storage buckets: the source's only read ({@link #SOURCE_BUCKET_READS}), the target's read and written with
     * {@link #TARGET_BUCKET_ACTIONS} and nothing else, each grant on exactly that parameter's bucket and inside an {@code
     * Fn::If} on it; both granted; a Deny of object writes on the source bucket beside every grant of writes on the target's;
     * no other bucket but the artifacts'; and every function told both buckets (so that a plan naming another is refused).
     */
    List<String> storageProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> granted = new TreeSet<>();
        Map<String, Object> conditions = map(cfn.get("Conditions"));
        for (var document : policyDocuments(cfn, new ArrayList<>()).entrySet()) {
            boolean writesTarget = false;
            boolean deniesSource = false;
            List<Guarded> statements = document.getValue();
            for (int i = 0; i < statements.size(); i++) {
                Guarded statement = statements.get(i);
                Map<String, Object> body = statement.body();
                List<String> s3 = strings(body.get("Action")).stream().filter(a -> a.toLowerCase(java.util.Locale.ROOT).startsWith("s3:")).toList();
                List<String> resources = list(body.get("Resource")).stream().map(DeploymentContract::render).toList();
                if (s3.isEmpty() || resources.stream().allMatch(r -> r.contains("ArtifactsBucket"))) {
                    continue;
                }
                String where = document.getKey() + " statement " + (body.get("Sid") != null ? body.get("Sid") : "#" + (i + 1));
                if ("Deny".equals(body.get("Effect"))) {
                    deniesSource |= resources.contains(bucketArn(SOURCE_BUCKET, true))
                            && OBJECT_WRITES.stream().allMatch(w -> s3.stream().anyMatch(a -> covers(a, w)));
                    continue;
                }
                for (String resource : resources) {
                    String parameter = Stream.of(SOURCE_BUCKET, TARGET_BUCKET)
                            .filter(p -> resource.equals(bucketArn(p, true)) || resource.equals(bucketArn(p, false))).findFirst().orElse(null);
                    if (parameter == null) {
                        problems.add(where + ": allows " + String.join(", ", s3) + " on " + resource + "; only the artifacts bucket and the "
                                + "buckets ${" + SOURCE_BUCKET + "} and ${" + TARGET_BUCKET + "} may be reached");
                        continue;
                    }
                    Set<String> allowed = parameter.equals(SOURCE_BUCKET) ? SOURCE_BUCKET_READS : TARGET_BUCKET_ACTIONS;
                    s3.stream().filter(a -> !allowed.contains(a)).forEach(a -> problems.add(where + ": allows " + a + " on the "
                            + parameter + (parameter.equals(SOURCE_BUCKET) ? "; dmig only reads the source bucket" : "; dmig needs only "
                            + String.join(", ", new TreeSet<>(TARGET_BUCKET_ACTIONS)) + " there")));
                    if (statement.condition() == null || !resolved(conditions, statement.condition(), 0).contains("{Ref=" + parameter + "}")) {
                        problems.add(where + ": allows " + String.join(", ", s3) + " on the " + parameter + " outside an Fn::If on "
                                + parameter + ": with " + parameter + " empty the policy would name no bucket");
                    } else {
                        granted.add(parameter);
                    }
                    writesTarget |= parameter.equals(TARGET_BUCKET) && s3.stream().anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete"));
                }
            }
            if (writesTarget && !deniesSource) {
                problems.add(document.getKey() + ": allows writes on the " + TARGET_BUCKET + " without a Deny of object writes on the "
                        + SOURCE_BUCKET + " beside them");
            }
        }
        for (String parameter : List.of(SOURCE_BUCKET, TARGET_BUCKET)) {
            if (!granted.contains(parameter)) {
                problems.add(templateName() + ": no policy allows the functions to reach the " + parameter + ": the run's files "
                        + "could not be copied");
            }
        }
        Map<String, Object> global = variables(globalFunction());
        for (var function : resources("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> all = new LinkedHashMap<>(global);
            all.putAll(variables(properties(function.getValue())));
            BUCKET_VARIABLES.forEach((variable, parameter) -> {
                if (!("${" + parameter + "}").equals(all.get(variable) == null ? null : render(all.get(variable)))) {
                    problems.add(function.getKey() + ": " + variable + " is not the parameter " + parameter + "; the function could not "
                            + "refuse a plan whose Storage bucket is not the deployed one");
                }
            });
        }
        return problems;
    }

    /**
     * Only the functions that delete objects of the target Storage bucket ({@link #OBJECT_DELETERS}) may: no other
     * function's policies allow an action covering {@code s3:DeleteObject} or {@code s3:DeleteObjectVersion} on its
     * objects, so that a copy step, whatever its input, cannot delete production's files; and each deleter may do both.
     */
    List<String> objectDeleteProblems() {
        List<String> problems = new ArrayList<>();
        for (var function : functionStatements().entrySet()) {
            Set<String> allowed = new TreeSet<>();
            for (Guarded statement : function.getValue()) {
                Map<String, Object> body = statement.body();
                boolean onTargetObjects = list(body.get("Resource")).stream().map(DeploymentContract::render)
                        .anyMatch(r -> r.equals(bucketArn(TARGET_BUCKET, true)));
                if ("Allow".equals(body.get("Effect")) && onTargetObjects) {
                    OBJECT_DELETES.stream().filter(d -> strings(body.get("Action")).stream().anyMatch(a -> covers(a, d))).forEach(allowed::add);
                }
            }
            String name = function.getKey();
            if (!OBJECT_DELETERS.contains(name) && !allowed.isEmpty()) {
                problems.add(name + ": may " + String.join(", ", allowed) + " on the " + TARGET_BUCKET + "'s objects; only "
                        + String.join(", ", new TreeSet<>(OBJECT_DELETERS)) + " deletes there (a rollback undoing its run)");
            } else if (OBJECT_DELETERS.contains(name) && !allowed.containsAll(OBJECT_DELETES)) {
                problems.add(name + ": may not " + String.join(", ", OBJECT_DELETES.stream().filter(d -> !allowed.contains(d)).toList())
                        + " on the " + TARGET_BUCKET + "'s objects: a rollback could not delete what its run created there");
            }
        }
        return problems;
    }

    /** The {@code s3:ResourceAccount} a grant on a side's bucket must carry: its owner parameter, else this account. */
    private static String ownerCondition(String bucketParameter) {
        String owner = BUCKET_OWNERS.get(bucketParameter);
        return "{Fn::If=[Has" + owner + ", {Ref=" + owner + "}, {Ref=AWS::AccountId}]}";
    }

    /**
     * A Storage bucket is reached only in the account that owns it: every Allow on a Storage bucket or its objects
     * carries {@code StringEquals s3:ResourceAccount} of its side's owner parameter, else this account (a bucket's name,
     * once the bucket is deleted, may be taken by any account, which would then receive production's objects or serve
     * the copies' source); and every function is told each side's owner (the parameter, else the side's role's account,
     * else this stack's), which it names on its requests.
     */
    List<String> bucketOwnerProblems() {
        List<String> problems = new ArrayList<>();
        for (var document : policyDocuments(cfn, new ArrayList<>()).entrySet()) {
            List<Guarded> statements = document.getValue();
            for (int i = 0; i < statements.size(); i++) {
                Map<String, Object> body = statements.get(i).body();
                if (!"Allow".equals(body.get("Effect"))) {
                    continue;
                }
                String where = document.getKey() + " statement " + (body.get("Sid") != null ? body.get("Sid") : "#" + (i + 1));
                List<String> resources = list(body.get("Resource")).stream().map(DeploymentContract::render).toList();
                for (String parameter : BUCKET_OWNERS.keySet()) {
                    if (resources.stream().noneMatch(r -> r.equals(bucketArn(parameter, true)) || r.equals(bucketArn(parameter, false)))) {
                        continue;
                    }
                    Object owner = map(map(body.get("Condition")).get("StringEquals")).get("s3:ResourceAccount");
                    if (owner == null) {
                        problems.add(where + ": allows " + String.join(", ", strings(body.get("Action"))) + " on the " + parameter
                                + " without a StringEquals s3:ResourceAccount condition: a bucket of that name in another account "
                                + "would be reached");
                    } else if (!String.valueOf(owner).equals(ownerCondition(parameter))) {
                        problems.add(where + ": s3:ResourceAccount is " + owner + ", not " + ownerCondition(parameter));
                    }
                }
            }
        }
        Map<String, Object> global = variables(globalFunction());
        for (var function : resources("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> all = new LinkedHashMap<>(global);
            all.putAll(variables(properties(function.getValue())));
            OWNER_VARIABLES.forEach((variable, side) -> {
                String value = String.valueOf(all.get(variable));
                String owner = BUCKET_OWNERS.get(side.get(0));
                if (!value.contains("{Ref=" + owner + "}") || !value.contains("${" + side.get(1) + "}") || !value.contains("{Ref=AWS::AccountId}")) {
                    problems.add(function.getKey() + ": " + variable + " is " + value + ", not " + owner + ", else the account of "
                            + side.get(1) + ", else this stack's: the function could not name the " + side.get(0) + "'s owner");
                }
            });
        }
        return problems;
    }

    /**
     * SSE-KMS Storage buckets: a function that reads a side's objects ({@code s3:GetObject}) may {@code kms:Decrypt} with
     * that side's key parameter, and one that writes the target's ({@code s3:PutObject}) {@code kms:GenerateDataKey}; each
     * grant inside an {@code Fn::If} on the key parameter and only through S3 ({@code kms:ViaService}); nothing else with
     * those keys, and nothing but Decrypt with the source's.
     */
    List<String> storageKeyProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> conditions = map(cfn.get("Conditions"));
        for (var function : functionStatements().entrySet()) {
            Set<String> needed = new TreeSet<>();
            Set<String> granted = new TreeSet<>();
            for (Guarded statement : function.getValue()) {
                Map<String, Object> body = statement.body();
                if (!"Allow".equals(body.get("Effect"))) {
                    continue;
                }
                List<String> actions = strings(body.get("Action"));
                List<String> resources = list(body.get("Resource")).stream().map(DeploymentContract::render).toList();
                for (String bucket : BUCKET_KEYS.keySet()) {
                    String key = "${" + BUCKET_KEYS.get(bucket) + "}";
                    if (resources.contains(bucketArn(bucket, true)) && actions.stream().anyMatch(a -> covers(a, "s3:GetObject"))) {
                        needed.add("kms:Decrypt with " + key);
                    }
                    if (bucket.equals(TARGET_BUCKET) && resources.contains(bucketArn(bucket, true))
                            && actions.stream().anyMatch(a -> covers(a, "s3:PutObject"))) {
                        needed.add("kms:GenerateDataKey with " + key);
                    }
                    if (!resources.contains(key)) {
                        continue;
                    }
                    String where = function.getKey() + " statement " + body.get("Sid");
                    Set<String> allowed = bucket.equals(SOURCE_BUCKET) ? Set.of("kms:Decrypt") : Set.of("kms:Decrypt", "kms:GenerateDataKey");
                    actions.stream().filter(a -> !allowed.contains(a)).forEach(a -> problems.add(where + ": allows " + a + " with " + key
                            + "; the " + bucket + "'s objects need only " + String.join(", ", new TreeSet<>(allowed))));
                    if (statement.condition() == null || !resolved(conditions, statement.condition(), 0).contains("{Ref=" + BUCKET_KEYS.get(bucket) + "}")) {
                        problems.add(where + ": allows KMS actions with " + key + " outside an Fn::If on " + BUCKET_KEYS.get(bucket));
                    } else if (map(map(body.get("Condition")).get("StringLike")).get("kms:ViaService") == null) {
                        problems.add(where + ": allows KMS actions with " + key + " without a kms:ViaService condition: the key would "
                                + "serve more than S3's reads and writes of the bucket");
                    } else {
                        actions.forEach(a -> granted.add(a + " with " + key));
                    }
                }
            }
            needed.stream().filter(n -> !granted.contains(n)).forEach(n -> problems.add(function.getKey() + ": reaches the Storage bucket's "
                    + "objects but may not " + n + ": an SSE-KMS bucket's objects could not be "
                    + (n.startsWith("kms:Decrypt") ? "read" : "written")));
        }
        return problems;
    }

    /**
     * The artifacts bucket's policy denies writes under {@code runs/} (the journals that decide what a rollback deletes,
     * the frozen plan and manifest every step trusts) to every principal but the functions that write runs: a Deny to
     * {@code Principal: "*"} of {@link #RUN_WRITES} on {@code runs/*} whose one condition, {@code ArnNotEquals
     * aws:PrincipalArn}, lists exactly the roles of the functions whose policies may put objects in the artifacts bucket
     * (one left out could not write its run; one more would be a principal trusted with runs for no reason).
     */
    List<String> runsWriteProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> writers = new TreeSet<>();
        functionStatements().forEach((function, statements) -> {
            boolean writes = statements.stream().map(Guarded::body).anyMatch(body -> "Allow".equals(body.get("Effect"))
                    && strings(body.get("Action")).stream().anyMatch(a -> covers(a, "s3:PutObject"))
                    && list(body.get("Resource")).stream().map(DeploymentContract::render).anyMatch(r -> r.equals("${ArtifactsBucket.Arn}/*")));
            if (writes) {
                writers.add("${" + function + "Role.Arn}");
            }
        });
        List<Map<String, Object>> denies = new ArrayList<>();
        for (var policy : resources("AWS::S3::BucketPolicy").values()) {
            if (!"${ArtifactsBucket}".equals(render(properties(policy).get("Bucket")))) {
                continue;
            }
            for (Map<String, Object> statement : statements(map(properties(policy).get("PolicyDocument")).get("Statement"))) {
                boolean everyone = "*".equals(statement.get("Principal")) || "*".equals(map(statement.get("Principal")).get("AWS"));
                boolean onRuns = list(statement.get("Resource")).stream().map(DeploymentContract::render).anyMatch(RUNS::equals);
                List<String> actions = strings(statement.get("Action"));
                if ("Deny".equals(statement.get("Effect")) && everyone && onRuns
                        && RUN_WRITES.stream().allMatch(w -> actions.stream().anyMatch(a -> covers(a, w)))) {
                    denies.add(statement);
                }
            }
        }
        if (denies.isEmpty()) {
            return List.of(templateName() + ": the artifacts bucket's policy does not deny " + String.join(", ", RUN_WRITES) + " on "
                    + RUNS + " to every principal but the functions: whoever in the account may put objects could rewrite a run's "
                    + "journal, and with it what a rollback deletes");
        }
        for (Map<String, Object> deny : denies) {
            String where = "ArtifactsBucket policy statement " + deny.get("Sid");
            Map<String, Object> condition = map(deny.get("Condition"));
            Map<String, Object> arns = map(condition.get("ArnNotEquals"));
            if (!condition.keySet().equals(Set.of("ArnNotEquals")) || !arns.keySet().equals(Set.of("aws:PrincipalArn"))) {
                problems.add(where + ": its condition is " + condition + ", not ArnNotEquals aws:PrincipalArn alone");
                continue;
            }
            Set<String> exempt = list(arns.get("aws:PrincipalArn")).stream().map(DeploymentContract::render)
                    .collect(Collectors.toCollection(TreeSet::new));
            writers.stream().filter(w -> !exempt.contains(w)).forEach(w -> problems.add(where + ": denies " + w + ", whose "
                    + "function writes the run's artifacts"));
            exempt.stream().filter(e -> !writers.contains(e)).forEach(e -> problems.add(where + ": exempts " + e + ", which is no "
                    + "role of a function that writes the run's artifacts"));
        }
        return problems;
    }

    /**
     * The artifacts bucket is this account's alone: every Allow on it or its objects holds only while {@code
     * s3:ResourceAccount} is this account (a bucket re-created under its name by another account is not reached), the
     * functions name this account as its owner on every request ({@code DMIG_BUCKET_OWNER}), its KMS key is granted only
     * through S3 ({@code kms:ViaService}), and its policy denies {@code s3:PutLifecycleConfiguration} and {@code
     * s3:PutBucketVersioning} to every principal outside CloudFormation (a rule expiring {@code runs/} early would lose the
     * journals a rollback reads).
     */
    List<String> artifactsHardeningProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> policy = map(map(cfn.get("Resources")).get("ArtifactsPolicy"));
        for (Guarded statement : guarded(map(properties(policy).get("PolicyDocument")).get("Statement"))) {
            Map<String, Object> body = statement.body();
            List<String> resources = list(body.get("Resource")).stream().map(DeploymentContract::render).toList();
            String where = "ArtifactsPolicy statement " + body.get("Sid");
            if (!"Allow".equals(body.get("Effect"))) {
                continue;
            }
            if (resources.stream().anyMatch(r -> r.startsWith("${ArtifactsBucket.Arn}"))
                    && !"{Ref=AWS::AccountId}".equals(String.valueOf(map(map(body.get("Condition")).get("StringEquals")).get("s3:ResourceAccount")))) {
                problems.add(where + ": allows " + String.join(", ", strings(body.get("Action"))) + " on the artifacts bucket without"
                        + " StringEquals s3:ResourceAccount of this account: a bucket of its name in another account would be reached");
            }
            if (resources.contains("${ArtifactsKmsKeyArn}") && map(map(body.get("Condition")).get("StringEquals")).get("kms:ViaService") == null) {
                problems.add(where + ": allows " + String.join(", ", strings(body.get("Action"))) + " with ${ArtifactsKmsKeyArn} without"
                        + " a kms:ViaService condition: the key would serve more than S3's reads and writes of the artifacts");
            }
        }
        if (!"{Ref=AWS::AccountId}".equals(String.valueOf(variables(globalFunction()).get("DMIG_BUCKET_OWNER")))) {
            problems.add(templateName() + ": the functions' DMIG_BUCKET_OWNER is " + variables(globalFunction()).get("DMIG_BUCKET_OWNER")
                    + ", not this account: their requests would not name the artifacts bucket's owner");
        }
        boolean denied = false;
        for (var bucketPolicy : resources("AWS::S3::BucketPolicy").values()) {
            if (!"${ArtifactsBucket}".equals(render(properties(bucketPolicy).get("Bucket")))) {
                continue;
            }
            for (Map<String, Object> statement : statements(map(properties(bucketPolicy).get("PolicyDocument")).get("Statement"))) {
                boolean everyone = "*".equals(statement.get("Principal")) || "*".equals(map(statement.get("Principal")).get("AWS"));
                List<String> actions = strings(statement.get("Action"));
                boolean onBucket = list(statement.get("Resource")).stream().map(DeploymentContract::render)
                        .anyMatch("${ArtifactsBucket.Arn}"::equals);
                denied |= "Deny".equals(statement.get("Effect")) && everyone && onBucket
                        && actions.containsAll(List.of("s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"));
            }
        }
        if (!denied) {
            problems.add(templateName() + ": the artifacts bucket's policy does not deny s3:PutLifecycleConfiguration and"
                    + " s3:PutBucketVersioning to others than the stack: a rule could expire the journals under runs/ a rollback reads");
        }
        return problems;
    }

    /** Every function's policy statements: its inline ones and those of the template's managed policies it attaches. */
    private Map<String, List<Guarded>> functionStatements() {
        Map<String, Object> all = map(cfn.get("Resources"));
        Map<String, List<Guarded>> byFunction = new TreeMap<>();
        for (var function : resources("AWS::Serverless::Function").entrySet()) {
            List<Guarded> statements = new ArrayList<>();
            for (Attached attached : attached(properties(function.getValue()).get("Policies"))) {
                Map<String, Object> document = map(attached.policy());
                if (document.containsKey("Statement")) {
                    statements.addAll(guarded(document.get("Statement"), attached.condition()));
                } else if (document.get("Ref") instanceof String managed) {
                    // A managed policy that exists only under a condition is attached under it.
                    Object own = map(all.get(managed)).get("Condition");
                    String condition = attached.condition() != null ? attached.condition() : own == null ? null : own.toString();
                    statements.addAll(guarded(map(properties(map(all.get(managed))).get("PolicyDocument")).get("Statement"), condition));
                }
            }
            byFunction.put(function.getKey(), statements);
        }
        return byFunction;
    }

    /** A condition's definition as text, with the conditions it names appended (so that their parameters show). */
    private static String resolved(Map<String, Object> conditions, String name, int depth) {
        String text = String.valueOf(conditions.get(name));
        StringBuilder all = new StringBuilder(text);
        Matcher named = CONDITION_REFERENCE.matcher(text);
        while (named.find() && depth < 8) {
            all.append(resolved(conditions, named.group(1), depth + 1));
        }
        return all.toString();
    }

    /**
     * A Distributed Map's ItemReader reads its S3 object with the state machine's role, not a function's: that role may
     * read ({@code s3:GetObject}) every key {@link dev.dmig.run.RunLayout} marks as an ItemReader's and no other object,
     * and decrypt with the bucket's KMS key when it has one; and every key the functions hand to an ItemReader is one
     * RunLayout marks, so that a new one cannot be left out of the policy unnoticed.
     */
    List<String> itemReaderProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, String> keys = ItemReaderKeys.declared();
        if (keys.isEmpty()) {
            problems.add("RunLayout marks no key @ItemReaderKey, but " + aslName() + " has Distributed Maps that read items from S3");
        }
        List<String> reads = stateMachineGrants("s3:GetObject");
        for (var key : keys.entrySet()) {
            if (reads.stream().noneMatch(read -> inBucket(read) != null && wildcardMatch(inBucket(read), sample(key.getValue())))) {
                problems.add("RunLayout." + key.getKey() + " (" + key.getValue() + ") is read by an ItemReader with the state "
                        + "machine's role, but its policies do not allow s3:GetObject on it");
            }
        }
        for (String read : reads) {
            String object = inBucket(read);
            if (object == null || keys.values().stream().noneMatch(key -> wildcardMatch(key, sample(object)))) {
                problems.add("the state machine's policies allow s3:GetObject on " + read
                        + ", which is no key RunLayout marks as an ItemReader's");
            }
        }
        List<String> decrypts = stateMachineGrants("kms:Decrypt");
        for (String key : bucketKmsKeys()) {
            if (!decrypts.contains(key)) {
                problems.add("the artifacts bucket is encrypted with " + key + " but the state machine's policies do not allow "
                        + "kms:Decrypt on it: its ItemReaders could not read");
            }
        }
        for (ItemReaderKeys.HandOver handOver : ItemReaderKeys.handOvers(functionsSources)) {
            String where = FUNCTIONS_SOURCES + "/" + handOver.file() + ":" + handOver.line();
            if (handOver.method() == null) {
                problems.add(where + ": hands an object to an ItemReader under a key no RunLayout method in that file builds");
            } else if (!keys.containsKey(handOver.method())) {
                problems.add(where + ": hands RunLayout." + handOver.method() + "'s key to an ItemReader, but RunLayout does not "
                        + "mark it @ItemReaderKey, so the state machine's policies are not checked for it");
            }
        }
        return problems;
    }

    /** Every function logs in Lambda's JSON format: the handlers' step lines are written for it (StepLog). */
    List<String> loggingProblems() {
        List<String> problems = new ArrayList<>();
        for (var entry : resources("AWS::Serverless::Function").entrySet()) {
            Object format = map(functionProperty(entry.getValue(), "LoggingConfig")).get("LogFormat");
            if (!"JSON".equals(format)) {
                problems.add(entry.getKey() + ": LoggingConfig LogFormat is " + format + ", not JSON: its step lines would "
                        + "not be JSON records with a level and a request ID");
            }
        }
        return problems;
    }

    /** Exactly one state machine, defined by the ASL file the local executor runs. */
    List<String> stateMachineProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> machines = resources("AWS::Serverless::StateMachine");
        if (machines.size() != 1) {
            return List.of(templateName() + " must define one AWS::Serverless::StateMachine, not " + machines.size());
        }
        var machine = machines.entrySet().iterator().next();
        Object uri = properties(machine.getValue()).get("DefinitionUri");
        if (!(uri instanceof String path) || !template.getParent().resolve(path).normalize().equals(asl.normalize())) {
            problems.add(machine.getKey() + ": DefinitionUri " + uri + " is not " + aslName()
                    + ", the definition the local executor runs");
        }
        if (properties(machine.getValue()).containsKey("Definition")) {
            problems.add(machine.getKey() + ": an inline Definition would replace " + aslName());
        }
        return problems;
    }

    /** The ASL's {@code ${...}} placeholders and the template's DefinitionSubstitutions are the same set. */
    List<String> placeholderProblems() {
        Set<String> placeholders = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definitionText);
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        Set<String> substituted = substitutions().keySet();
        List<String> problems = new ArrayList<>();
        for (String name : placeholders) {
            if (!substituted.contains(name)) {
                problems.add(aslName() + " uses ${" + name + "} but " + templateName()
                        + " has no DefinitionSubstitutions entry " + name + ": the deployed definition would keep the placeholder");
            }
        }
        for (String name : substituted) {
            if (!placeholders.contains(name)) {
                problems.add(templateName() + " substitutes " + name + " but " + aslName() + " has no ${" + name + "}");
            }
        }
        return problems;
    }

    /** Every function's Handler is a RequestHandler of the functions module that the Lambda runtime can build. */
    List<String> handlerProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> functions = resources("AWS::Serverless::Function");
        if (functions.isEmpty()) {
            problems.add(templateName() + " defines no AWS::Serverless::Function");
        }
        for (var entry : functions.entrySet()) {
            String function = entry.getKey();
            Object handler = functionProperty(entry.getValue(), "Handler");
            Matcher parts = handler instanceof String text ? HANDLER.matcher(text) : null;
            if (parts == null || !parts.matches()) {
                problems.add(function + ": Handler " + handler + " is not of the form package.Class::method");
                continue;
            }
            String className = parts.group(1);
            Class<?> type = functionsClass(className);
            if (type == null) {
                problems.add(function + ": Handler " + handler + " names no class of the functions module");
                continue;
            }
            if (!RequestHandler.class.isAssignableFrom(type)) {
                problems.add(function + ": Handler class " + className + " does not implement " + RequestHandler.class.getName());
            }
            if (!hasPublicNoArgConstructor(type)) {
                problems.add(function + ": Handler class " + className
                        + " has no public no-argument constructor, which the Lambda runtime calls");
            }
            if (Stream.of(type.getMethods()).map(Method::getName).noneMatch(parts.group(2)::equals)) {
                problems.add(function + ": Handler class " + className + " has no public method " + parts.group(2));
            }
            String expected = "dev.dmig.handler." + function.replaceFirst("Function$", "") + "Handler";
            if (!className.equals(expected)) {
                problems.add(function + ": Handler " + className + " breaks the naming rule XFunction <-> " + expected);
            }
            Object codeUri = functionProperty(entry.getValue(), "CodeUri");
            if (!(codeUri instanceof String uri) || !Path.of(uri).normalize().endsWith(FUNCTIONS_JAR)) {
                problems.add(function + ": CodeUri " + codeUri + " is not " + FUNCTIONS_JAR + " (built by mvn -B package)");
            }
        }
        return problems;
    }

    /**
     * Every Task state's Resource is a placeholder bound to a published version of one of the template's functions
     * ({@code !Ref XFunction.Version}), so that an execution runs the code it started with whatever is deployed
     * meanwhile, and the state machine may invoke every version of that function ({@code ${XFunction.Arn}:*}): an
     * execution started before a deploy invokes its versions with the role as the deploy left it.
     */
    List<String> taskResourceProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> substitutions = substitutions();
        Set<String> functions = resources("AWS::Serverless::Function").keySet();
        Set<String> invocable = invocableReferences();
        for (var state : states().entrySet()) {
            JsonNode body = state.getValue();
            if (!"Task".equals(body.path("Type").asText())) {
                continue;
            }
            String resource = body.path("Resource").asText();
            Matcher placeholder = PLACEHOLDER.matcher(resource);
            if (!placeholder.matches()) {
                problems.add("state " + state.getKey() + ": Resource " + resource + " is not a ${...} placeholder bound by "
                        + templateName());
                continue;
            }
            String name = placeholder.group(1);
            Object binding = substitutions.get(name);
            if (binding == null) {
                continue; // placeholderProblems() names it.
            }
            String function = functionOf(binding);
            if (function == null || !functions.contains(function)) {
                problems.add("state " + state.getKey() + ": ${" + name + "} is bound to " + binding
                        + ", which is not a version of an AWS::Serverless::Function of " + templateName());
                continue;
            }
            if (!name.equals(function + "Arn")) {
                problems.add("state " + state.getKey() + ": ${" + name + "} is bound to " + function
                        + "; the naming rule wants ${" + function + "Arn}");
            }
            if (!render(binding).equals("${" + function + ".Version}")) {
                problems.add("state " + state.getKey() + ": ${" + name + "} is bound to " + render(binding)
                        + ", resolved at each invocation: a deploy during a run would change the code under it; bind "
                        + function + ".Version");
            }
            String everyVersion = "${" + function + ".Arn}:*";
            if (!invocable.contains(everyVersion)) {
                problems.add("state " + state.getKey() + ": the state machine's policies do not allow lambda:InvokeFunction on "
                        + everyVersion + ": an execution started before a deploy could not invoke its versions");
            }
        }
        return problems;
    }

    /**
     * Every custom error in a Retry or Catch is the fully qualified name of an unchecked exception of
     * the functions module that its code throws: the Java Lambda runtime reports a thrown exception's
     * class name as the error, and that is all the state machine can match on.
     */
    List<String> errorProblems() {
        Map<String, Set<String>> statesByError = new TreeMap<>();
        for (var state : states().entrySet()) {
            for (String field : List.of("Retry", "Catch")) {
                for (JsonNode rule : state.getValue().path(field)) {
                    for (JsonNode error : rule.path("ErrorEquals")) {
                        String name = error.asText();
                        // Errors of Step Functions, of the Lambda service, and Lambda's timeout (Sandbox.Timedout).
                        if (!name.startsWith("States.") && !name.startsWith("Lambda.") && !name.startsWith("Sandbox.")) {
                            statesByError.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(state.getKey());
                        }
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (var entry : statesByError.entrySet()) {
            String error = entry.getKey();
            String where = "error " + error + " (state " + String.join(", ", entry.getValue()) + ")";
            Class<?> type = functionsClass(error);
            if (type == null) {
                problems.add(where + " is the name of no class of the functions module; a Lambda error is the thrown"
                        + " exception's fully qualified class name");
            } else if (!RuntimeException.class.isAssignableFrom(type)) {
                problems.add(where + " is not an unchecked exception, so no handler can throw it");
            } else if (!thrownInSources(type)) {
                problems.add(where + " is never constructed in " + FUNCTIONS_SOURCES + ", so the state machine never sees it");
            }
        }
        return problems;
    }

    /**
     * Least privilege: no Allow of a data action (DynamoDB, S3, Lambda, Step Functions) on {@code *}
     * or by wildcard action, no table write on the source suffix and none outside the target suffix,
     * a Deny of source writes beside every Allow of writes, and no policy this check cannot read.
     */
    List<String> iamProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, List<Guarded>> documents = policyDocuments(cfn, problems);
        for (var document : documents.entrySet()) {
            String owner = document.getKey();
            List<Map<String, Object>> statements = document.getValue().stream().map(Guarded::body).toList();
            boolean allowsWrites = false;
            boolean deniesSourceWrites = false;
            for (int i = 0; i < statements.size(); i++) {
                Map<String, Object> statement = statements.get(i);
                String where = owner + " statement " + (statement.get("Sid") != null ? statement.get("Sid") : "#" + (i + 1));
                List<String> actions = strings(statement.get("Action"));
                List<String> resources = list(statement.get("Resource")).stream().map(DeploymentContract::render).toList();
                List<String> writes = actions.stream().filter(TABLE_WRITES::contains).toList();
                if ("Deny".equals(statement.get("Effect"))) {
                    deniesSourceWrites |= actions.containsAll(List.of("dynamodb:BatchWriteItem", "dynamodb:PutItem",
                            "dynamodb:DeleteItem", "dynamodb:UpdateItem")) && resources.stream().anyMatch(DeploymentContract::isSource);
                    continue;
                }
                if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                    problems.add(where + ": NotAction/NotResource grant more than they name");
                }
                for (String action : actions) {
                    String service = action.contains(":") ? action.substring(0, action.indexOf(':')) : "*";
                    if (action.equals("*") || (action.contains("*") && DATA_SERVICES.contains(service))) {
                        problems.add(where + ": wildcard action " + action);
                    } else if (DATA_SERVICES.contains(service) && !UNSCOPABLE.contains(action) && resources.contains("*")) {
                        problems.add(where + ": allows " + action + " on every resource (*)");
                    }
                }
                if (!writes.isEmpty()) {
                    allowsWrites = true;
                    for (String resource : resources) {
                        if (isSource(resource)) {
                            problems.add(where + ": allows " + String.join(", ", writes) + " on the source tables (" + resource + ")");
                        } else if (!resource.contains("${" + TARGET_SUFFIX + "}")) {
                            problems.add(where + ": allows " + String.join(", ", writes) + " on " + resource
                                    + ", which is not limited to the target suffix");
                        }
                    }
                }
            }
            if (allowsWrites && !deniesSourceWrites) {
                problems.add(owner + ": allows table writes without a Deny of writes on the source tables beside them");
            }
        }
        return problems;
    }

    /**
     * Skips a test of the template's environment where this build has no masking: the template, the whole product's,
     * tells the functions that mask masking's key secret ({@value #MASK_KEY_VARIABLE}), which only masking's code reads.
     */
    static void assumeTheBuildReadsEveryVariable() {
        TestFeatures.assumeHas("MaskFeature");
    }

    /** Every environment variable the template sets is read by the code, and every function knows its bucket. */
    List<String> environmentProblems() {
        Set<String> known = new TreeSet<>();
        for (Class<?> type : List.of(Settings.class, Deployment.class, LambdaConcurrency.class, dev.dmig.files.StorageReach.class)) {
            known.addAll(stringConstants(type));
        }
        known.addAll(featureVariables());
        List<String> problems = new ArrayList<>();
        Map<String, Object> global = variables(globalFunction());
        for (var entry : resources("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> all = new LinkedHashMap<>(global);
            all.putAll(variables(properties(entry.getValue())));
            for (String name : all.keySet()) {
                if (!known.contains(name)) {
                    problems.add(entry.getKey() + ": environment variable " + name
                            + " is read by no code (Settings, Deployment, LambdaConcurrency, StorageReach and the features name: "
                            + String.join(", ", known) + ")");
                }
            }
            if (!all.containsKey(Settings.BUCKET)) {
                problems.add(entry.getKey() + ": " + Settings.BUCKET + " is not set; every handler needs the artifacts bucket");
            }
            Object margin = all.get(Settings.SAFETY_MARGIN_MS);
            Object timeout = functionProperty(entry.getValue(), "Timeout");
            if (margin != null && timeout != null && Long.parseLong(margin.toString()) >= Long.parseLong(timeout.toString()) * 1000) {
                problems.add(entry.getKey() + ": " + Settings.SAFETY_MARGIN_MS + " " + margin + " leaves no time budget in a "
                        + timeout + " s timeout: the step would return at once and loop for ever");
            }
        }
        return problems;
    }

    /**
     * Every function is told each side's deployed role ({@code DMIG_SOURCE_ROLE_ARN}, {@code DMIG_TARGET_ROLE_ARN};
     * empty for none) from the stack's parameter, so that Analyze can refuse a plan naming another role.
     */
    List<String> roleVariableProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> global = variables(globalFunction());
        for (var entry : resources("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> all = new LinkedHashMap<>(global);
            all.putAll(variables(properties(entry.getValue())));
            for (var variable : ROLE_VARIABLES.entrySet()) {
                Object value = all.get(variable.getKey());
                String parameter = "${" + variable.getValue() + "}";
                if (value == null) {
                    problems.add(entry.getKey() + ": " + variable.getKey() + " is not set; the function could not refuse a plan "
                            + "whose roleArn is not the deployed " + variable.getValue());
                } else if (!parameter.equals(render(value))) {
                    problems.add(entry.getKey() + ": " + variable.getKey() + " is " + render(value) + ", not the parameter "
                            + variable.getValue());
                }
            }
        }
        return problems;
    }

    /**
     * A side in another account is reached through exactly the role its parameter names: sts:AssumeRole
     * (or an action pattern covering it) is allowed on {@code ${SourceRoleArn}} and {@code ${TargetRoleArn}}
     * only, never on {@code *} or another role, each inside an {@code Fn::If} on its own parameter (so an
     * empty parameter grants nothing), and each of the two is granted somewhere.
     */
    List<String> assumeRoleProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> granted = new TreeSet<>();
        Map<String, Object> conditions = map(cfn.get("Conditions"));
        for (var document : policyDocuments(cfn, new ArrayList<>()).entrySet()) {
            List<Guarded> statements = document.getValue();
            for (int i = 0; i < statements.size(); i++) {
                Guarded statement = statements.get(i);
                Map<String, Object> body = statement.body();
                List<String> assumes = strings(body.get("Action")).stream().filter(a -> covers(a, "sts:AssumeRole")).toList();
                if (!"Allow".equals(body.get("Effect")) || assumes.isEmpty()) {
                    continue;
                }
                String where = document.getKey() + " statement " + (body.get("Sid") != null ? body.get("Sid") : "#" + (i + 1));
                for (Object value : list(body.get("Resource"))) {
                    String resource = render(value);
                    String parameter = Stream.of(SOURCE_ROLE, TARGET_ROLE).filter(p -> resource.equals("${" + p + "}"))
                            .findFirst().orElse(null);
                    if (parameter == null) {
                        problems.add(where + ": allows " + String.join(", ", assumes) + " on " + resource
                                + "; only ${" + SOURCE_ROLE + "} and ${" + TARGET_ROLE + "} may be assumed");
                    } else if (statement.condition() == null
                            || !String.valueOf(conditions.get(statement.condition())).contains("{Ref=" + parameter + "}")) {
                        problems.add(where + ": allows sts:AssumeRole on " + resource + " outside an Fn::If on " + parameter
                                + ": with " + parameter + " empty the policy would be invalid");
                    } else {
                        granted.add(parameter);
                    }
                }
            }
        }
        for (String parameter : List.of(SOURCE_ROLE, TARGET_ROLE)) {
            if (!granted.contains(parameter)) {
                problems.add(templateName() + ": no policy allows sts:AssumeRole on ${" + parameter
                        + "}: the functions could not reach that side in another account");
            }
        }
        return problems;
    }

    /**
     * The source account's role ({@code infra/source-account-role.yaml}) only reads: no DynamoDB write
     * action nor a wildcard that could be one, nothing outside DynamoDB, tables only by the source
     * suffix, and every read dmig's source side makes.
     */
    List<String> sourceRoleProblems(Path file) {
        Map<String, Object> role;
        try {
            role = CloudFormationYaml.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = file.getFileName().toString();
        List<String> problems = new ArrayList<>(streamReadProblems(role, name, null));
        problems.addAll(indexReadProblems(role, name));
        if (!sourceIndexReads(role).equals(sourceIndexReads(cfn))) {
            problems.add(name + ": allows " + sourceIndexReads(role) + " on the source tables' indexes where " + templateName()
                    + " allows " + sourceIndexReads(cfn) + ": the functions read a source of another account through this role, "
                    + "so the two must grant the same");
        }
        if (resources(role, "AWS::IAM::Role").isEmpty()) {
            problems.add(name + " defines no AWS::IAM::Role");
        }
        Set<String> reads = new TreeSet<>();
        for (var document : policyDocuments(role, problems).entrySet()) {
            List<Guarded> statements = document.getValue();
            for (int i = 0; i < statements.size(); i++) {
                Map<String, Object> body = statements.get(i).body();
                if (!"Allow".equals(body.get("Effect"))) {
                    continue;
                }
                String where = name + " " + document.getKey() + " statement " + (body.get("Sid") != null ? body.get("Sid") : "#" + (i + 1));
                if (body.containsKey("NotAction") || body.containsKey("NotResource")) {
                    problems.add(where + ": NotAction/NotResource grant more than they name");
                }
                List<String> resources = list(body.get("Resource")).stream().map(DeploymentContract::render).toList();
                for (String action : strings(body.get("Action"))) {
                    String service = action.contains(":") ? action.substring(0, action.indexOf(':')) : "*";
                    if (action.contains("*") && (service.equals("*") || service.equalsIgnoreCase("dynamodb"))) {
                        problems.add(where + ": wildcard action " + action + " covers table writes");
                    } else if (action.equals(LIST_USERS)) {
                        sourcePoolGrant(where, resources, statements.get(i).condition(), map(role.get("Conditions")), problems, reads);
                    } else if (action.equals("s3:GetObject") && resources.contains(DEPLOYED_BACKEND)) {
                        deploymentGrant(where, resources, statements.get(i), map(role.get("Conditions")), problems, reads);
                    } else if (action.equals(LIST_APIS) || action.equals(LIST_DATA_SOURCES)) {
                        appSyncGrant(where, action, resources, statements.get(i).condition(), map(role.get("Conditions")), problems, reads);
                    } else if (SOURCE_BUCKET_READS.contains(action)) {
                        sourceBucketGrant(where, action, resources, statements.get(i), map(role.get("Conditions")), problems, reads);
                    } else if (action.equals("kms:Decrypt") && resources.equals(List.of("${" + BUCKET_KEYS.get(SOURCE_BUCKET) + "}"))) {
                        sourceKeyGrant(where, statements.get(i), map(role.get("Conditions")), problems);
                    } else if (!service.equalsIgnoreCase("dynamodb")) {
                        problems.add(where + ": allows " + action + "; the source role needs DynamoDB reads, " + LIST_USERS
                                + ", reads of the " + SOURCE_BUCKET + " (with its key), of the deployed backend and of the AppSync API's data sources only");
                    } else if (DYNAMODB_WRITE.matcher(action).matches()) {
                        problems.add(where + ": allows the write " + action + " on the source account's tables");
                    } else {
                        reads.add(action);
                        for (String resource : resources) {
                            if (!UNSCOPABLE.contains(action) && !resource.contains("${" + SOURCE_SUFFIX + "}")) {
                                problems.add(where + ": allows " + action + " on " + resource + ", which is not limited to the source suffix");
                            }
                        }
                    }
                }
            }
        }
        for (String read : SOURCE_READS) {
            if (!reads.contains(read)) {
                problems.add(name + ": the role does not allow " + read + ", which dmig's source side calls");
            }
        }
        if (!reads.contains(LIST_USERS)) {
            problems.add(name + ": the role does not allow " + LIST_USERS + " on the " + SOURCE_POOL + " pool, which dmig's source "
                    + "side calls to build an identity map");
        }
        if (!reads.contains(DEPLOYED_BACKEND)) {
            problems.add(name + ": the role does not allow s3:GetObject on " + DEPLOYED_BACKEND + ", which dmig infer --amplify reads"
                    + " for the source environment's tables, pool and bucket");
        }
        for (String listing : List.of(LIST_APIS, LIST_DATA_SOURCES)) {
            if (!reads.contains(listing)) {
                problems.add(name + ": the role does not allow " + listing + (listing.equals(LIST_APIS) ? "" : " on " + SOURCE_API)
                        + ", which dmig infer --from-outputs calls for the source branch's API and tables");
            }
        }
        for (String read : new TreeSet<>(SOURCE_BUCKET_READS)) {
            if (!reads.contains(read)) {
                problems.add(name + ": the role does not allow " + read + " on the " + SOURCE_BUCKET + ", which dmig's source side "
                        + "calls to copy the records' files");
            }
        }
        return problems;
    }

    /**
     * The source role's grant of a read of the source Storage bucket: on that bucket alone, inside an Fn::If on its
     * parameter, only while the role's own account owns it ({@code s3:ResourceAccount}).
     */
    private static void sourceBucketGrant(String where, String action, List<String> resources, Guarded statement,
                                          Map<String, Object> conditions, List<String> problems, Set<String> reads) {
        String condition = statement.condition();
        boolean guarded = condition != null && resolved(conditions, condition, 0).contains("{Ref=" + SOURCE_BUCKET + "}");
        Object owner = map(map(statement.body().get("Condition")).get("StringEquals")).get("s3:ResourceAccount");
        if (!"{Ref=AWS::AccountId}".equals(String.valueOf(owner))) {
            problems.add(where + ": allows " + action + " on the " + SOURCE_BUCKET + " without StringEquals s3:ResourceAccount "
                    + "${AWS::AccountId}: a bucket of that name in another account would be read");
        }
        for (String resource : resources) {
            if (!resource.equals(bucketArn(SOURCE_BUCKET, !action.equals("s3:ListBucket")))) {
                problems.add(where + ": allows " + action + " on " + resource + "; only " + bucketArn(SOURCE_BUCKET,
                        !action.equals("s3:ListBucket")) + " may be read");
            } else if (!guarded) {
                problems.add(where + ": allows " + action + " outside an Fn::If on " + SOURCE_BUCKET + ": with " + SOURCE_BUCKET
                        + " empty the policy would name no bucket");
            } else {
                reads.add(action);
            }
        }
    }

    /**
     * The source role's read of the deployed backend: {@code s3:GetObject} of that one object of the
     * {@value #SOURCE_DEPLOYMENT}, inside an Fn::If on its parameter, only while the role's own account owns it.
     */
    private static void deploymentGrant(String where, List<String> resources, Guarded statement, Map<String, Object> conditions,
                                        List<String> problems, Set<String> reads) {
        boolean guarded = statement.condition() != null
                && resolved(conditions, statement.condition(), 0).contains("{Ref=" + SOURCE_DEPLOYMENT + "}");
        Object owner = map(map(statement.body().get("Condition")).get("StringEquals")).get("s3:ResourceAccount");
        if (!"{Ref=AWS::AccountId}".equals(String.valueOf(owner))) {
            problems.add(where + ": allows s3:GetObject on the " + SOURCE_DEPLOYMENT + " without StringEquals s3:ResourceAccount "
                    + "${AWS::AccountId}: a bucket of that name in another account would be read");
        }
        if (!resources.equals(List.of(DEPLOYED_BACKEND))) {
            problems.add(where + ": allows s3:GetObject on " + String.join(", ", resources) + "; only " + DEPLOYED_BACKEND
                    + " may be read");
        } else if (!guarded) {
            problems.add(where + ": allows s3:GetObject outside an Fn::If on " + SOURCE_DEPLOYMENT + ": with " + SOURCE_DEPLOYMENT
                    + " empty the policy would name no bucket");
        } else {
            reads.add(DEPLOYED_BACKEND);
        }
    }

    /**
     * The source role's AppSync listings, inside an Fn::If on {@value #SOURCE_APPSYNC_API}: ListGraphqlApis on "*" (IAM
     * gives it no resource type), ListDataSources on {@link #SOURCE_API} alone, never every API of the account.
     */
    private static void appSyncGrant(String where, String action, List<String> resources, String condition,
                                     Map<String, Object> conditions, List<String> problems, Set<String> reads) {
        String only = action.equals(LIST_APIS) ? "*" : SOURCE_API;
        boolean guarded = condition != null && resolved(conditions, condition, 0).contains("{Ref=" + SOURCE_APPSYNC_API + "}");
        if (!resources.equals(List.of(only))) {
            problems.add(where + ": allows " + action + " on " + String.join(", ", resources) + "; only " + only + " may be listed");
        } else if (!guarded) {
            problems.add(where + ": allows " + action + " outside an Fn::If on " + SOURCE_APPSYNC_API + ": with "
                    + SOURCE_APPSYNC_API + " empty the role would list AppSync for no API");
        } else {
            reads.add(action);
        }
    }

    /** The source role's kms:Decrypt with the source bucket's key: inside an Fn::If on its parameter, through S3 only. */
    private static void sourceKeyGrant(String where, Guarded statement, Map<String, Object> conditions, List<String> problems) {
        String parameter = BUCKET_KEYS.get(SOURCE_BUCKET);
        if (statement.condition() == null || !resolved(conditions, statement.condition(), 0).contains("{Ref=" + parameter + "}")) {
            problems.add(where + ": allows kms:Decrypt with ${" + parameter + "} outside an Fn::If on " + parameter);
        }
        if (map(map(statement.body().get("Condition")).get("StringLike")).get("kms:ViaService") == null) {
            problems.add(where + ": allows kms:Decrypt with ${" + parameter + "} without a kms:ViaService condition: the key would "
                    + "decrypt more than S3's reads of the bucket");
        }
    }

    /** The source role's grant of ListUsers: on the SourceUserPoolId pool alone, inside an Fn::If on that parameter. */
    private static void sourcePoolGrant(String where, List<String> resources, String condition, Map<String, Object> conditions,
                                        List<String> problems, Set<String> reads) {
        boolean guarded = condition != null && resolved(conditions, condition, 0).contains("{Ref=" + SOURCE_POOL + "}");
        for (String resource : resources) {
            if (!resource.equals(poolArn(SOURCE_POOL))) {
                problems.add(where + ": allows " + LIST_USERS + " on " + resource + "; only the ${" + SOURCE_POOL + "} pool may be read");
            } else if (!guarded) {
                problems.add(where + ": allows " + LIST_USERS + " outside an Fn::If on " + SOURCE_POOL + ": with " + SOURCE_POOL
                        + " empty the policy would name no pool");
            } else {
                reads.add(LIST_USERS);
            }
        }
    }

    /** {@code sam build}, {@code validate} and {@code deploy} use this template, and the file names no account or secret. */
    List<String> samConfigProblems(Path samconfig) {
        List<String> problems = new ArrayList<>();
        String text = read(samconfig);
        String expected = "template_file = \"" + TEMPLATE + "\"";
        for (String command : List.of("build", "validate", "deploy")) {
            Matcher section = Pattern.compile("(?ms)^\\[default\\." + command + "\\.parameters]\\s*$(.*?)(?=^\\[|\\z)").matcher(text);
            if (!section.find() || !section.group(1).contains(expected)) {
                problems.add(samconfig.getFileName() + ": [default." + command + ".parameters] lacks " + expected);
            }
        }
        problems.addAll(configEnvProblems(samconfig.getFileName().toString(), text, expected));
        if (!text.contains("confirm_changeset = true")) {
            problems.add(samconfig.getFileName() + ": confirm_changeset = true is missing; a deployment must show its change set first");
        }
        Matcher secret = Pattern.compile("(?im)^\\s*[^#\\n]*(\\b\\d{12}\\b|aws_access_key_id|aws_secret_access_key|AKIA[0-9A-Z]{16}|^\\s*profile\\s*=|^\\s*region\\s*=)")
                .matcher(text);
        while (secret.find()) {
            problems.add(samconfig.getFileName() + ": names an account, credentials, a profile or a region: " + secret.group().trim());
        }
        return problems;
    }

    /**
     * Every config env that deploys (a second source/target pair) deploys this template under a stack name of its own:
     * a shared name would update the other pair's stack.
     */
    private static List<String> configEnvProblems(String file, String text, String template) {
        Map<String, Map<String, String>> sections = new TreeMap<>();
        Matcher section = Pattern.compile("(?ms)^\\[(\\w+)\\.(\\w+)\\.parameters]\\s*$(.*?)(?=^\\[|\\z)").matcher(text);
        while (section.find()) {
            Map<String, String> values = new TreeMap<>();
            Matcher line = Pattern.compile("(?m)^\\s*(\\w+)\\s*=\\s*(.+?)\\s*$").matcher(section.group(3));
            while (line.find()) {
                values.put(line.group(1), line.group(2));
            }
            sections.put(section.group(1) + "." + section.group(2), values);
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> envByStack = new TreeMap<>();
        for (String key : sections.keySet()) {
            if (!key.endsWith(".deploy")) {
                continue;
            }
            String env = key.substring(0, key.length() - ".deploy".length());
            Map<String, String> deploy = sections.get(key);
            if (!env.equals("default") && !template.equals("template_file = " + deploy.get("template_file"))) {
                problems.add(file + ": [" + env + ".deploy.parameters] lacks " + template);
            }
            String stack = deploy.getOrDefault("stack_name", sections.getOrDefault(env + ".global", Map.of()).get("stack_name"));
            if (stack == null) {
                problems.add(file + ": config env " + env + " names no stack_name; sam deploy would ask, or take another env's");
            } else if (envByStack.putIfAbsent(stack, env) != null) {
                problems.add(file + ": config envs " + envByStack.get(stack) + " and " + env + " both deploy stack " + stack
                        + ": deploying one would update the other pair's stack");
            }
        }
        return problems;
    }

    // ---- template reading

    private Map<String, Map<String, Object>> resources(String type) {
        return resources(cfn, type);
    }

    private static Map<String, Map<String, Object>> resources(Map<String, Object> cfn, String type) {
        Map<String, Map<String, Object>> found = new TreeMap<>();
        for (var entry : map(cfn.get("Resources")).entrySet()) {
            Map<String, Object> resource = map(entry.getValue());
            if (type.equals(resource.get("Type"))) {
                found.put(entry.getKey(), resource);
            }
        }
        return found;
    }

    private Map<String, Object> substitutions() {
        Map<String, Object> all = new TreeMap<>();
        resources("AWS::Serverless::StateMachine").values()
                .forEach(machine -> all.putAll(map(properties(machine).get("DefinitionSubstitutions"))));
        return all;
    }

    private Map<String, Object> globalFunction() {
        return map(map(cfn.get("Globals")).get("Function"));
    }

    private Object functionProperty(Map<String, Object> function, String name) {
        Object own = properties(function).get(name);
        return own != null ? own : globalFunction().get(name);
    }

    /**
     * A template's policy statements by owner: managed policies, roles (not their trust policies), and the
     * inline Policies of SAM resources.
     */
    private static Map<String, List<Guarded>> policyDocuments(Map<String, Object> cfn, List<String> problems) {
        Map<String, List<Guarded>> documents = new LinkedHashMap<>();
        Set<String> managed = new TreeSet<>(resources(cfn, "AWS::IAM::ManagedPolicy").keySet());
        for (var entry : map(cfn.get("Resources")).entrySet()) {
            String name = entry.getKey();
            Map<String, Object> resource = map(entry.getValue());
            Map<String, Object> properties = properties(resource);
            switch (String.valueOf(resource.get("Type"))) {
                case "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy" ->
                        documents.put(name, guarded(map(properties.get("PolicyDocument")).get("Statement")));
                case "AWS::IAM::Role" -> {
                    int n = 0;
                    for (Object policy : list(properties.get("Policies"))) {
                        documents.put(name + " policy " + (++n), guarded(map(map(policy).get("PolicyDocument")).get("Statement")));
                    }
                    for (Object arn : list(properties.get("ManagedPolicyArns"))) {
                        checkAttachable(name, arn, managed, problems);
                    }
                }
                case "AWS::Serverless::Function", "AWS::Serverless::StateMachine" -> {
                    int n = 0;
                    for (Attached attached : attached(properties.get("Policies"))) {
                        n++;
                        Object policy = attached.policy();
                        if (policy instanceof Map<?, ?> document && document.containsKey("Statement")) {
                            documents.put(name + " policy " + n, guarded(document.get("Statement"), attached.condition()));
                        } else if (policy instanceof Map<?, ?> template && !template.containsKey("Ref")) {
                            problems.add(name + ": SAM policy template " + template.keySet()
                                    + " hides its actions from this check; write its statements out");
                        } else {
                            checkAttachable(name, policy, managed, problems);
                        }
                    }
                }
                default -> { }
            }
        }
        return documents;
    }

    /** A policy a SAM resource lists, with the condition of the {@code Fn::If} it is listed in (null: none). */
    record Attached(String condition, Object policy) {}

    /** A SAM resource's Policies, each branch of an {@code Fn::If} but a NoValue one as a policy under its condition. */
    private static List<Attached> attached(Object policies) {
        List<Attached> all = new ArrayList<>();
        for (Object policy : list(policies)) {
            List<Object> branches = list(map(policy).get("Fn::If"));
            if (branches.size() == 3) {
                branches.subList(1, 3).stream().filter(branch -> !"AWS::NoValue".equals(map(branch).get("Ref")))
                        .forEach(branch -> all.add(new Attached(String.valueOf(branches.get(0)), branch)));
            } else {
                all.add(new Attached(null, policy));
            }
        }
        return all;
    }

    private static void checkAttachable(String owner, Object policy, Set<String> managed, List<String> problems) {
        if (!(policy instanceof Map<?, ?> ref && ref.get("Ref") instanceof String target && managed.contains(target))) {
            problems.add(owner + ": policy " + render(policy) + " is defined outside this template; its actions cannot be checked");
        }
    }

    /** The rendered resources that some Allow of lambda:InvokeFunction names, in any state machine policy. */
    private Set<String> invocableReferences() {
        Set<String> references = new TreeSet<>();
        for (var machine : resources("AWS::Serverless::StateMachine").values()) {
            for (Object policy : list(properties(machine).get("Policies"))) {
                for (Map<String, Object> statement : statements(map(policy).get("Statement"))) {
                    if ("Allow".equals(statement.get("Effect")) && strings(statement.get("Action")).contains("lambda:InvokeFunction")) {
                        list(statement.get("Resource")).forEach(r -> references.add(render(r)));
                    }
                }
            }
        }
        return references;
    }

    /** The rendered resources of every Allow of {@code action} (or a pattern covering it) in the state machine's policies. */
    private List<String> stateMachineGrants(String action) {
        List<String> resources = new ArrayList<>();
        for (var machine : resources("AWS::Serverless::StateMachine").values()) {
            for (Object policy : list(properties(machine).get("Policies"))) {
                for (Map<String, Object> statement : statements(map(policy).get("Statement"))) {
                    if ("Allow".equals(statement.get("Effect")) && strings(statement.get("Action")).stream().anyMatch(a -> covers(a, action))) {
                        list(statement.get("Resource")).forEach(r -> resources.add(render(r)));
                    }
                }
            }
        }
        return resources;
    }

    /** The KMS keys the artifacts bucket's default encryption names (in either branch of an {@code Fn::If}). */
    private List<String> bucketKmsKeys() {
        List<String> keys = new ArrayList<>();
        collectValues(properties(map(map(cfn.get("Resources")).get("ArtifactsBucket"))).get("BucketEncryption"), "KMSMasterKeyID", keys);
        return keys;
    }

    private static void collectValues(Object node, String name, List<String> found) {
        if (node instanceof Map<?, ?> object) {
            for (var entry : object.entrySet()) {
                if (name.equals(entry.getKey())) {
                    found.add(render(entry.getValue()));
                } else {
                    collectValues(entry.getValue(), name, found);
                }
            }
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collectValues(item, name, found));
        }
    }

    /** The object key pattern of a resource in the artifacts bucket, or null for any other resource. */
    private static String inBucket(String resource) {
        String bucket = "${ArtifactsBucket.Arn}/";
        return resource.startsWith(bucket) ? resource.substring(bucket.length()) : null;
    }

    /** A key of the pattern: every {@code *} replaced by a run ID, table or execution name. */
    private static String sample(String pattern) {
        return pattern.replace("*", "run-1");
    }

    /** An IAM resource pattern ({@code *}, {@code ?}; case counts) matches the text. */
    private static boolean wildcardMatch(String pattern, String text) {
        String regex = Stream.of(pattern.split("", -1)).map(c -> c.equals("*") ? ".*" : c.equals("?") ? "." : Pattern.quote(c))
                .collect(Collectors.joining());
        return Pattern.compile(regex).matcher(text).matches();
    }

    /**
     * The function a substitution value points at: {@code !Ref F.Version}, {@code !Ref F.Alias}, {@code !Ref FAliaslive} or
     * {@code !GetAtt F.Arn}.
     */
    private static String functionOf(Object binding) {
        Map<String, Object> value = map(binding);
        if (value.get("Ref") instanceof String ref) {
            Matcher reference = FUNCTION_REFERENCE.matcher(ref);
            return reference.matches() ? reference.group(1) : null;
        }
        List<Object> attribute = list(value.get("Fn::GetAtt"));
        return attribute.size() == 2 && "Arn".equals(attribute.get(1)) ? String.valueOf(attribute.get(0)) : null;
    }

    private static boolean isSource(String resource) {
        return resource.contains("${" + SOURCE_SUFFIX + "}");
    }

    /** A resource or reference as text: {@code Fn::Sub} strings as written, {@code Ref X} as {@code ${X}}. */
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> function = map(value);
        if (function.get("Ref") instanceof String ref) {
            return "${" + ref + "}";
        }
        if (function.containsKey("Fn::Sub")) {
            Object sub = function.get("Fn::Sub");
            return render(sub instanceof List<?> parts ? parts.get(0) : sub);
        }
        if (function.containsKey("Fn::GetAtt")) {
            return "${" + list(function.get("Fn::GetAtt")).stream().map(String::valueOf).collect(Collectors.joining(".")) + "}";
        }
        if (function.containsKey("Fn::Join")) {
            List<Object> join = list(function.get("Fn::Join"));
            return list(join.get(1)).stream().map(DeploymentContract::render).collect(Collectors.joining(String.valueOf(join.get(0))));
        }
        return String.valueOf(value);
    }

    // ---- definition reading

    /** Every state of the definition, nested Map and Parallel states included, by name. */
    private Map<String, JsonNode> states() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        collectStates(definition, all);
        return all;
    }

    private static void collectStates(JsonNode machine, Map<String, JsonNode> all) {
        for (Map.Entry<String, JsonNode> state : machine.path("States").properties()) {
            all.put(state.getKey(), state.getValue());
            collectStates(state.getValue().path("ItemProcessor"), all);
            collectStates(state.getValue().path("Iterator"), all);
            state.getValue().path("Branches").forEach(branch -> collectStates(branch, all));
        }
    }

    // ---- code reading

    /** A class of the functions module by name, or null (also for classes that only the cli module has). */
    private static Class<?> functionsClass(String name) {
        try {
            Class<?> type = Class.forName(name, false, DeploymentContract.class.getClassLoader());
            return fromFunctionsModule(type) ? type : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean fromFunctionsModule(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            return false;
        }
        try {
            Path location = Path.of(source.getLocation().toURI()).normalize();
            return location.endsWith(Path.of("functions", "target", "classes"))
                    || location.getFileName().toString().startsWith("dmig-functions-");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> type) {
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Some source file of the functions module constructs the exception ({@code new X(}), in its package or importing it. */
    private boolean thrownInSources(Class<?> type) {
        Pattern construction = Pattern.compile("new\\s+(?:" + Pattern.quote(type.getName()) + "|" + Pattern.quote(type.getSimpleName())
                + ")\\s*\\(");
        if (!Files.isDirectory(functionsSources)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(functionsSources)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(file -> {
                String text = read(file);
                if (!construction.matcher(text).find()) {
                    return false;
                }
                return text.contains("package " + type.getPackageName() + ";") || text.contains("import " + type.getName() + ";")
                        || text.contains("new " + type.getName());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The variables the features read, which no other package may name: each a string constant {@code "DMIG_…"} of a
     * class of a feature's package, read from the sources (the classes are the features' own).
     */
    private Set<String> featureVariables() {
        Set<String> names = new TreeSet<>();
        Path features = functionsSources.resolve("dev/dmig/feature");
        if (!Files.isDirectory(features)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(features)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                FEATURE_VARIABLE.matcher(Files.readString(file)).results().forEach(found -> names.add(found.group(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static Set<String> stringConstants(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Field field : type.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    // ---- plumbing

    private String aslName() {
        return asl.getFileName().toString();
    }

    private String templateName() {
        return template.getFileName().toString();
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        return map(map(properties.get("Environment")).get("Variables"));
    }

    private static List<Map<String, Object>> statements(Object value) {
        return guarded(value).stream().map(Guarded::body).toList();
    }

    /** A policy statement, and the condition of the {@code Fn::If} it sits in (null: none). */
    record Guarded(String condition, Map<String, Object> body) {}

    /** A statement list's statements: one inside {@code Fn::If} counts once per branch that is not {@code AWS::NoValue}. */
    private static List<Guarded> guarded(Object value) {
        return guarded(value, null);
    }

    private static List<Guarded> guarded(Object value, String condition) {
        List<Guarded> all = new ArrayList<>();
        for (Object element : list(value)) {
            List<Object> branches = list(map(element).get("Fn::If"));
            if (branches.size() == 3) {
                for (Object branch : branches.subList(1, 3)) {
                    if (!"AWS::NoValue".equals(map(branch).get("Ref"))) {
                        all.addAll(guarded(branch, String.valueOf(branches.get(0))));
                    }
                }
            } else {
                all.add(new Guarded(condition, map(element)));
            }
        }
        return all;
    }

    /** An IAM action pattern ({@code *}, {@code ?}; names ignore case) covers the action. */
    private static boolean covers(String pattern, String action) {
        String regex = Stream.of(pattern.split("", -1)).map(c -> c.equals("*") ? ".*" : c.equals("?") ? "." : Pattern.quote(c))
                .collect(Collectors.joining());
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
