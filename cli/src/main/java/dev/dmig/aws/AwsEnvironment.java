package dev.dmig.aws;

import dev.dmig.executor.Waits;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.AwsClients;
import dev.dmig.store.S3ArtifactStore;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/**
 * What an {@code --aws} command talks to: the deployed state machine and the stack's artifacts
 * bucket. Credentials come from the default AWS provider chain; the region from {@code --region},
 * else from the state machine's ARN. Endpoints can be overridden (LocalStack, tests).
 */
public final class AwsEnvironment implements AutoCloseable {
    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:([a-z0-9-]+):(\\d{12}):stateMachine:[A-Za-z0-9_-]{1,80}");

    private static final Duration MAX_POLL = Duration.ofSeconds(5);
    private static final int SDK_ATTEMPTS = 8;

    /** What the command line says; either the ARN or the bucket may be null when a command does not need it. */
    public record Target(String stateMachineArn, String bucket, String region, URI stepFunctionsEndpoint, URI s3Endpoint) {}

    private final SfnClient sfn;
    private final S3Client s3;
    private final DeployedStateMachine machine;
    private final ArtifactStore artifacts;
    private final String bucket;

    /**
     * {@code owner}: the account that must own the artifacts bucket (the state machine's, whose stack made it), said with
     * every request as the deployed functions say theirs; null where unknown or the bucket is at another endpoint (an
     * S3-compatible server may not take the header).
     */
    private AwsEnvironment(SfnClient sfn, S3Client s3, DeployedStateMachine machine, String bucket, String owner) {
        this.sfn = sfn;
        this.s3 = s3;
        this.machine = machine;
        this.bucket = bucket;
        this.artifacts = s3 == null ? null : new S3ArtifactStore(s3, bucket, owner);
    }

    /**
     * Opens the clients the target names: Step Functions when it has a state machine ARN, S3 when
     * it has a bucket. {@code firstPoll}: how soon a followed execution is first polled again (the
     * back-off starts there).
     */
    public static AwsEnvironment open(Target target, Duration firstPoll) {
        String regionName = target.region();
        SfnClient sfn = null;
        DeployedStateMachine machine = null;
        if (target.stateMachineArn() != null) {
            Matcher arn = STATE_MACHINE_ARN.matcher(target.stateMachineArn());
            if (!arn.matches()) {
                throw new IllegalArgumentException("--state-machine-arn " + target.stateMachineArn()
                        + " is not a state machine ARN (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)");
            }
            regionName = regionName != null ? regionName : arn.group(1);
            // More attempts than the SDK's default: a blip while following a long run should not end the follow.
            SfnClientBuilder builder = SfnClient.builder().region(Region.of(regionName))
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(SDK_ATTEMPTS).build()));
            if (target.stepFunctionsEndpoint() != null) {
                builder.endpointOverride(target.stepFunctionsEndpoint());
            }
            sfn = builder.build();
            Duration maxPoll = firstPoll.multipliedBy(5).compareTo(MAX_POLL) < 0 ? firstPoll.multipliedBy(5) : MAX_POLL;
            machine = new DeployedStateMachine(sfn, target.stateMachineArn(), Waits.system(), firstPoll, maxPoll);
        }
        S3Client s3 = target.bucket() == null ? null : AwsClients.s3(new AwsClients.Connection(target.s3Endpoint(),
                regionName == null ? null : Region.of(regionName), null, 8));
        return new AwsEnvironment(sfn, s3, machine, target.bucket(), bucketOwner(target));
    }

    /**
     * The account that must own the artifacts bucket, said with each request: the state machine's (its stack made the
     * bucket); null without an ARN, or for a bucket at another endpoint, which may not take the header.
     */
    static String bucketOwner(Target target) {
        if (target.stateMachineArn() == null || target.s3Endpoint() != null) {
            return null;
        }
        Matcher arn = STATE_MACHINE_ARN.matcher(target.stateMachineArn());
        return arn.matches() ? arn.group(2) : null;
    }

    /** The deployed state machine; refuses when no ARN was given. */
    public DeployedStateMachine stateMachine() {
        if (machine == null) {
            throw new IllegalArgumentException("--aws needs --state-machine-arn ARN (or DMIG_STATE_MACHINE_ARN): "
                    + "the StateMachineArn output of the deployed stack");
        }
        return machine;
    }

    /** The run artifacts in the stack's bucket; refuses when no bucket was given. */
    public ArtifactStore artifacts() {
        if (artifacts == null) {
            throw new IllegalArgumentException("--aws needs --bucket BUCKET (or DMIG_BUCKET): the stack's artifacts bucket "
                    + "(its ArtifactsBucketName output)");
        }
        return artifacts;
    }

    public String bucket() {
        return bucket;
    }

    public String description() {
        return "AWS: " + (machine == null ? "" : "state machine " + machine.arn()) + (machine != null && bucket != null ? ", " : "")
                + (bucket == null ? "" : "artifacts in s3://" + bucket);
    }

    @Override
    public void close() {
        if (sfn != null) {
            sfn.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
