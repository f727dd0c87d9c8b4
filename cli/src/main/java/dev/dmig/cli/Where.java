package dev.dmig.cli;

import dev.dmig.aws.AwsEnvironment;
import dev.dmig.local.LocalEnvironment;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options that say where a command runs: in this process on the embedded DynamoDB Local and S3
 * store, in this process on servers that already run, or on AWS ({@code --aws}) as an execution
 * of the deployed state machine.
 */
final class Where {
    static final String STATE_MACHINE_ARN_VARIABLE = "DMIG_STATE_MACHINE_ARN";
    static final String BUCKET_VARIABLE = "DMIG_BUCKET";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".dmig",
            description = "Where the embedded DynamoDB Local and S3 store keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--in-memory",
            description = "Keep the embedded tables and artifacts in memory only: much faster (no disk syncs), gone at exit.")
    boolean inMemory;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "Use a DynamoDB (Local) already running at URL instead of the embedded one; credentials come from the default AWS chain.")
    URI dynamoDbEndpoint;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "Use an S3-compatible server already running at URL (needs --bucket).")
    URI s3Endpoint;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "The bucket for run artifacts on --s3-endpoint; "
            + "with --aws the stack's artifacts bucket (its ArtifactsBucketName output; default: $DMIG_BUCKET).")
    String bucket;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region for the endpoints above (default: us-east-1); with --aws, default: the state machine ARN's.")
    String region;

    @Option(names = "--sts-endpoint", paramLabel = "URL",
            description = "STS at URL (LocalStack, tests) for assuming a plan side's roleArn in a local run; default: the region's STS.")
    URI stsEndpoint;

    @Option(names = "--aws", description = "Run on AWS: start the deployed state machine (--state-machine-arn) and follow "
            + "its execution here; credentials from the default AWS provider chain. Ctrl-C stops following, not the execution.")
    boolean aws;

    @Option(names = "--state-machine-arn", paramLabel = "ARN",
            description = "With --aws: the deployed state machine (its StateMachineArn output; default: $DMIG_STATE_MACHINE_ARN).")
    String stateMachineArn;

    @Option(names = "--stepfunctions-endpoint", paramLabel = "URL",
            description = "With --aws: Step Functions at URL instead of AWS's (LocalStack, tests); --s3-endpoint does the same for S3.")
    URI stepFunctionsEndpoint;

    /** Whether the command runs on AWS; refuses local-only options given with --aws, and AWS ones without it. */
    boolean onAws() {
        if (!aws) {
            if (stateMachineArn != null || stepFunctionsEndpoint != null) {
                throw new IllegalArgumentException((stateMachineArn != null ? "--state-machine-arn" : "--stepfunctions-endpoint")
                        + " is for runs on AWS: add --aws");
            }
            return false;
        }
        if (inMemory || dynamoDbEndpoint != null || stsEndpoint != null) {
            throw new IllegalArgumentException((inMemory ? "--in-memory" : dynamoDbEndpoint != null ? "--dynamodb-endpoint" : "--sts-endpoint")
                    + " is for local runs; with --aws the deployed functions use the stack's tables");
        }
        return true;
    }

    /** Where an --aws command goes: the options, else the environment variables; unset ones are null. */
    AwsEnvironment.Target awsTarget() {
        return new AwsEnvironment.Target(orEnvironment(stateMachineArn, STATE_MACHINE_ARN_VARIABLE),
                orEnvironment(bucket, BUCKET_VARIABLE), region, stepFunctionsEndpoint, s3Endpoint);
    }

    private static String orEnvironment(String option, String variable) {
        String value = option != null ? option : System.getenv(variable);
        return value == null || value.isBlank() ? null : value;
    }

    LocalEnvironment.Target target() {
        return new LocalEnvironment.Target(inMemory ? null : dataDir, dynamoDbEndpoint, s3Endpoint, bucket, region, stsEndpoint);
    }
}
