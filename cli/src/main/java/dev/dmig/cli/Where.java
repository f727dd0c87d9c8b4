package dev.dmig.cli;

import dev.dmig.local.LocalEnvironment;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that say which DynamoDB and S3 a local run uses. */
final class Where {
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

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "The bucket for run artifacts on --s3-endpoint.")
    String bucket;

    @Option(names = "--region", paramLabel = "REGION", description = "Region for the endpoints above (default: us-east-1).")
    String region;

    LocalEnvironment.Target target() {
        return new LocalEnvironment.Target(inMemory ? null : dataDir, dynamoDbEndpoint, s3Endpoint, bucket, region);
    }
}
