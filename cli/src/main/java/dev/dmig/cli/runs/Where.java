package dev.dmig.cli.runs;

import dev.dmig.aws.AwsEnvironment;
import dev.dmig.local.LocalEnvironment;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options that say where a command runs: in this process on the embedded DynamoDB Local and S3
 * store, in this process on servers that already run, or on AWS ({@code --aws}) as an execution
 * of the deployed state machine. A run records them when it starts ({@link RunOrigin}); a later
 * command on that run follows the record ({@link #follow}) and needs none of them.
 */
public final class Where {
    static final String STATE_MACHINE_ARN_VARIABLE = "DMIG_STATE_MACHINE_ARN";
    static final String BUCKET_VARIABLE = "DMIG_BUCKET";
    /** The help's heading over these options, which come after each command's own. */
    public static final String HEADING = "%nWhere it runs (each run records these when it starts: its later commands need none of them):%n";
    public static final Path DEFAULT_DATA_DIR = Path.of(".dmig");
    static final String DEFAULT_REGION = "us-east-1";

    /** How soon a followed AWS execution is polled again at first; tests make it short. */
    public static Duration pollInterval() {
        return Duration.ofMillis(Long.getLong("dmig.aws.pollMillis", 1000));
    }

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded DynamoDB Local and S3 store keep "
            + "their data, and where each run started here is recorded in runs/<run>.json (default: .dmig).")
    Path dataDir;

    @Option(names = "--in-memory",
            description = "Keep the embedded tables and artifacts in memory only: much faster (no disk syncs), gone at exit.")
    public boolean inMemory;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", converter = EndpointUrl.class,
            description = "Use a DynamoDB (Local) already running at URL (http://host:port) instead of the embedded one, for "
                    + "the plan sides that name no endpoint of their own (one that names another is refused); credentials "
                    + "come from the default AWS chain.")
    public URI dynamoDbEndpoint;

    @Option(names = "--s3-endpoint", paramLabel = "URL", converter = EndpointUrl.class,
            description = "Use an S3-compatible server already running at URL (needs --bucket).")
    public URI s3Endpoint;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "The bucket for run artifacts on --s3-endpoint; "
            + "with --aws the stack's artifacts bucket (its ArtifactsBucketName output; default: $DMIG_BUCKET).")
    String bucket;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region for the endpoints above (default: us-east-1); with --aws, default: the state machine ARN's.")
    public String region;

    @Option(names = "--sts-endpoint", paramLabel = "URL", converter = EndpointUrl.class,
            description = "STS at URL (LocalStack, tests) for assuming a plan side's roleArn in a local run; default: the region's STS.")
    public URI stsEndpoint;

    @Option(names = "--cognito-endpoint", paramLabel = "URL", converter = EndpointUrl.class,
            description = "Read the user pools a plan names (its userPoolId) from a server standing in for Cognito at URL "
                    + "(cognito-local; local runs), unless a side names its own userPoolEndpoint; default: AWS's Cognito.")
    public URI cognitoEndpoint;

    @Option(names = "--aws", description = "Run on AWS: start the deployed state machine (--state-machine-arn) and follow "
            + "its execution here; credentials from the default AWS provider chain. Ctrl-C stops following, not the execution.")
    public boolean aws;

    @Option(names = "--state-machine-arn", paramLabel = "ARN",
            description = "With --aws: the deployed state machine (its StateMachineArn output; default: $DMIG_STATE_MACHINE_ARN).")
    String stateMachineArn;

    @Option(names = "--stepfunctions-endpoint", paramLabel = "URL", converter = EndpointUrl.class,
            description = "With --aws: Step Functions at URL instead of AWS's (LocalStack, tests); --s3-endpoint does the same for S3.")
    URI stepFunctionsEndpoint;

    /** The data directory given, or {@code .dmig}. */
    public Path dataDir() {
        return dataDir != null ? dataDir : DEFAULT_DATA_DIR;
    }

    /** Whether the command runs on AWS; refuses local-only options given with --aws, and AWS ones without it. */
    public boolean onAws() {
        if (!aws) {
            if (stateMachineArn != null || stepFunctionsEndpoint != null) {
                throw new IllegalArgumentException((stateMachineArn != null ? "--state-machine-arn" : "--stepfunctions-endpoint")
                        + " is for runs on AWS: add --aws");
            }
            return false;
        }
        if (inMemory || dynamoDbEndpoint != null || stsEndpoint != null || cognitoEndpoint != null) {
            throw new IllegalArgumentException((inMemory ? "--in-memory" : dynamoDbEndpoint != null ? "--dynamodb-endpoint"
                    : stsEndpoint != null ? "--sts-endpoint" : "--cognito-endpoint")
                    + " is for local runs; with --aws the deployed functions use the stack's tables and user pools");
        }
        return true;
    }

    /** Where an --aws command goes: the options, else the environment variables; unset ones are null. */
    public AwsEnvironment.Target awsTarget() {
        return new AwsEnvironment.Target(orEnvironment(stateMachineArn, STATE_MACHINE_ARN_VARIABLE),
                orEnvironment(bucket, BUCKET_VARIABLE), region, stepFunctionsEndpoint, s3Endpoint);
    }

    private static String orEnvironment(String option, String variable) {
        String value = option != null ? option : System.getenv(variable);
        return value == null || value.isBlank() ? null : value;
    }

    public LocalEnvironment.Target target() {
        return new LocalEnvironment.Target(inMemory ? null : dataDir(), dynamoDbEndpoint, s3Endpoint, bucket, region, stsEndpoint,
                cognitoEndpoint);
    }

    /** The region a local run's clients use. */
    String localRegion() {
        return region != null ? region : DEFAULT_REGION;
    }

    /** The options a command printed for later must carry: the data directory, where the run's record is, if not the default. */
    public List<String> followUpOptions() {
        return dataDir == null || dataDir.equals(DEFAULT_DATA_DIR) ? List.of() : List.of("--data-dir", dataDir.toString());
    }

    /** The options a later {@code dmig status} needs to list the runs where these put them: no run's record says that. */
    public List<String> artifactOptions() {
        List<String> options = new java.util.ArrayList<>(followUpOptions());
        if (s3Endpoint != null) {
            options.addAll(List.of("--s3-endpoint", s3Endpoint.toString(), "--bucket", String.valueOf(bucket)));
        }
        return options;
    }

    /** The options as given, for a dmig command in another process that is to run where this one runs. */
    public List<String> given() {
        List<String> options = new java.util.ArrayList<>();
        Object[][] named = {{"--data-dir", dataDir}, {"--dynamodb-endpoint", dynamoDbEndpoint}, {"--s3-endpoint", s3Endpoint},
                {"--bucket", bucket}, {"--region", region}, {"--sts-endpoint", stsEndpoint}, {"--state-machine-arn", stateMachineArn},
                {"--stepfunctions-endpoint", stepFunctionsEndpoint}};
        for (Object[] option : named) {
            if (option[1] != null) {
                options.addAll(List.of((String) option[0], option[1].toString()));
            }
        }
        if (inMemory) {
            options.add("--in-memory");
        }
        if (aws) {
            options.add("--aws");
        }
        return options;
    }

    Where copy() {
        Where copy = new Where();
        copy.dataDir = dataDir;
        copy.inMemory = inMemory;
        copy.dynamoDbEndpoint = dynamoDbEndpoint;
        copy.s3Endpoint = s3Endpoint;
        copy.bucket = bucket;
        copy.region = region;
        copy.stsEndpoint = stsEndpoint;
        copy.cognitoEndpoint = cognitoEndpoint;
        copy.aws = aws;
        copy.stateMachineArn = stateMachineArn;
        copy.stepFunctionsEndpoint = stepFunctionsEndpoint;
        return copy;
    }

    /**
     * Takes where an earlier run runs from its record: an option given that says otherwise is refused in one line,
     * naming the option, the recorded value and what to do; an option not given takes the recorded value.
     * {@code recorded} says where the record is, for those messages.
     */
    public void follow(RunOrigin origin, String recorded) {
        String run = "run " + origin.runId();
        if (origin.aws()) {
            refuseIf(inMemory, "--in-memory", run + " runs on AWS (" + recorded + "): leave out --in-memory");
            check("--dynamodb-endpoint", dynamoDbEndpoint, null, run, "runs on AWS, with the stack's tables", recorded);
            check("--sts-endpoint", stsEndpoint, null, run, "runs on AWS", recorded);
            check("--cognito-endpoint", cognitoEndpoint, null, run, "runs on AWS, with the stack's user pools", recorded);
            aws = true;
        } else {
            refuseIf(aws, "--aws", run + " ran in this process, on " + origin.tables() + " (" + recorded + "): leave out --aws");
            refuseIf(inMemory && !origin.inMemory(), "--in-memory", run + " keeps its data in " + origin.dataDir() + " ("
                    + recorded + "): leave out --in-memory");
            check("--dynamodb-endpoint", dynamoDbEndpoint, origin.dynamoDbEndpoint(), run, "has its tables in the embedded DynamoDB Local",
                    recorded);
            check("--sts-endpoint", stsEndpoint, origin.stsEndpoint(), run, "used the region's STS", recorded);
            check("--cognito-endpoint", cognitoEndpoint, origin.cognitoEndpoint(), run, "read its user pools from AWS's Cognito",
                    recorded);
            if (origin.inMemory()) {
                throw new RunOutOfReachException(run + " ran with --in-memory: its " + (origin.dynamoDbEndpoint() == null
                        && origin.s3Endpoint() == null ? "tables and artifacts" : origin.dynamoDbEndpoint() == null ? "tables"
                        : "artifacts (journal, checkpoints)") + " went with its process, so nothing of it can be resumed, "
                        + "rolled back or shown (" + recorded + ")");
            }
        }
        check("--s3-endpoint", s3Endpoint, origin.s3Endpoint(), run, origin.aws() ? "keeps its artifacts in the stack's bucket"
                : "keeps its artifacts in the embedded S3 store", recorded);
        check("--bucket", bucket, origin.bucket(), run, "keeps its artifacts in the embedded S3 store", recorded);
        check("--region", region, origin.region(), run, "", recorded);
        check("--state-machine-arn", stateMachineArn, origin.stateMachineArn(), run, "", recorded);
        check("--stepfunctions-endpoint", stepFunctionsEndpoint, origin.stepFunctionsEndpoint(), run, "used AWS's Step Functions",
                recorded);
        dynamoDbEndpoint = dynamoDbEndpoint != null ? dynamoDbEndpoint : origin.dynamoDbEndpoint();
        s3Endpoint = s3Endpoint != null ? s3Endpoint : origin.s3Endpoint();
        bucket = bucket != null ? bucket : origin.bucket();
        region = region != null ? region : origin.region();
        stsEndpoint = stsEndpoint != null ? stsEndpoint : origin.stsEndpoint();
        cognitoEndpoint = cognitoEndpoint != null ? cognitoEndpoint : origin.cognitoEndpoint();
        stateMachineArn = stateMachineArn != null ? stateMachineArn : origin.stateMachineArn();
        stepFunctionsEndpoint = stepFunctionsEndpoint != null ? stepFunctionsEndpoint : origin.stepFunctionsEndpoint();
    }

    private static void refuseIf(boolean contradicts, String option, String message) {
        if (contradicts) {
            throw new IllegalArgumentException(option + ": " + message);
        }
    }

    /**
     * Refuses {@code given} when it says otherwise than {@code recorded}; {@code unset} says what a run that did not
     * name the option does.
     */
    private static void check(String option, Object given, Object recorded, String run, String unset, String where) {
        if (given == null || (recorded != null && same(given, recorded))) {
            return;
        }
        String was = recorded != null ? "has " + option + " " + recorded : unset.isEmpty() ? "did not name it" : unset;
        throw new IllegalArgumentException(option + " " + given + " contradicts " + run + ", which " + was + " (" + where
                + "): leave the option out, the run's own is used");
    }

    private static boolean same(Object given, Object recorded) {
        if (given instanceof URI || recorded instanceof URI) {
            return comparable(given.toString()).equals(comparable(recorded.toString()));
        }
        return given.equals(recorded);
    }

    /** Whether two endpoint URLs name the same server (case and a trailing slash aside). */
    static boolean sameEndpoint(String one, String other) {
        return comparable(one).equals(comparable(other));
    }

    /** An endpoint URL as {@link #sameEndpoint} compares it. */
    static String comparable(String url) {
        String text = url.toLowerCase(Locale.ROOT);
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * An endpoint option's value: an {@code http://} or {@code https://} URL with a host. A value without its
     * scheme ({@code 127.0.0.1:8000}) is refused with the URL it most likely means.
     */
    public static final class EndpointUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI uri;
            try {
                uri = new URI(value.trim());
            } catch (URISyntaxException e) {
                throw notUrl(value);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw notUrl(value);
            }
            if (uri.getHost() == null) {
                throw new TypeConversionException("'" + value + "' names no host: write it as " + scheme + "://host:port");
            }
            return uri;
        }

        private static TypeConversionException notUrl(String value) {
            String bare = value.contains("://") ? value.substring(value.indexOf("://") + 3) : value;
            return new TypeConversionException("'" + value + "' is not an http:// or https:// URL: write it as http://" + bare);
        }
    }
}
