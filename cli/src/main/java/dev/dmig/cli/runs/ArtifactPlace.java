package dev.dmig.cli.runs;

import dev.dmig.embedded.EmbeddedStackException;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.AwsClients;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.StoreRefusedException;
import dev.dmig.store.StoreUnavailableException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a run's artifacts are, as its record in the data directory says ({@link RunOrigin}) or a command's options do:
 * the embedded S3 store of a data directory, an S3-compatible server of one's own ({@code --s3-endpoint}), the deployed
 * stack's bucket ({@code --aws}), or a process's memory ({@code --in-memory}), gone with it. {@code dmig status} lists
 * the runs of every place the data directory's records name, each read where it is.
 */
public record ArtifactPlace(Kind kind, Path dataDir, URI s3Endpoint, String bucket, String region) {
    /** The kinds of place. */
    public enum Kind {
        EMBEDDED, OWN_S3, AWS, IN_MEMORY
    }

    /** A place's artifacts, open; closing lets go of the clients (and the embedded stack) it took. */
    public record Reached(ArtifactStore artifacts, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /** A place whose artifacts cannot be read now, and why, in a few words. */
    public static final class OutOfReachException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfReachException(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /** Where the run {@code origin} records keeps its artifacts. */
    public static ArtifactPlace of(RunOrigin origin) {
        if (origin.aws()) {
            return new ArtifactPlace(Kind.AWS, null, origin.s3Endpoint(), origin.bucket(), origin.region() != null ? origin.region()
                    : regionOf(origin.stateMachineArn()));
        }
        if (origin.s3Endpoint() != null) {
            return new ArtifactPlace(Kind.OWN_S3, null, origin.s3Endpoint(), origin.bucket(), origin.region());
        }
        if (origin.inMemory() || origin.dataDir() == null) {
            return new ArtifactPlace(Kind.IN_MEMORY, null, null, null, null);
        }
        return new ArtifactPlace(Kind.EMBEDDED, Path.of(origin.dataDir()).toAbsolutePath().normalize(), null, null, null);
    }

    /** Where a local command's options put its artifacts. */
    public static ArtifactPlace of(Where where) {
        if (where.s3Endpoint != null) {
            return new ArtifactPlace(Kind.OWN_S3, null, where.s3Endpoint, where.bucket, where.localRegion());
        }
        if (where.inMemory) {
            return new ArtifactPlace(Kind.IN_MEMORY, null, null, null, null);
        }
        return new ArtifactPlace(Kind.EMBEDDED, where.dataDir().toAbsolutePath().normalize(), null, null, null);
    }

    /** Whether two places are one: the same data directory, or the same bucket at the same endpoint (case aside). */
    public boolean same(ArtifactPlace other) {
        if (kind != other.kind) {
            return false;
        }
        return switch (kind) {
            case EMBEDDED -> dataDir.equals(other.dataDir);
            case IN_MEMORY -> true;
            case OWN_S3, AWS -> Objects.equals(bucket, other.bucket) && (s3Endpoint == null ? other.s3Endpoint == null
                    : other.s3Endpoint != null && Where.sameEndpoint(s3Endpoint.toString(), other.s3Endpoint.toString()));
        };
    }

    /** The place in words, as the commands name where artifacts are. */
    public String describe() {
        return switch (kind) {
            case EMBEDDED -> "the embedded S3 store (data in " + dataDir + ")";
            case OWN_S3 -> "S3 at " + s3Endpoint + "/" + bucket;
            case AWS -> "the deployed stack's bucket " + bucket + (s3Endpoint != null ? " at " + s3Endpoint
                    : region != null ? " (" + region + ")" : "");
            case IN_MEMORY -> "memory (--in-memory)";
        };
    }

    /**
     * Opens the place to read its artifacts, creating nothing: an own S3 server or the stack's bucket with the credentials
     * of the default AWS chain, the embedded store of a data directory that is there. A place that does not answer, or
     * holds no bucket or directory of the name, is {@link OutOfReachException}, saying why in a few words.
     */
    public Reached open() {
        return switch (kind) {
            case EMBEDDED -> embedded();
            case OWN_S3, AWS -> openBucket();
            case IN_MEMORY -> throw new OutOfReachException("it ran in memory", null);
        };
    }

    /** Reads {@code read} from the place's artifacts; a place that does not answer is {@link OutOfReachException}. */
    public static <T> T reading(Reached reached, Function<ArtifactStore, T> read) {
        try {
            return read.apply(reached.artifacts());
        } catch (SdkException | StoreRefusedException | StoreUnavailableException e) {
            throw new OutOfReachException(FollowUp.why(e), e);
        }
    }

    private Reached embedded() {
        if (!Files.isDirectory(dataDir)) {
            throw new OutOfReachException("the directory is not there any more", null);
        }
        Where here = new Where();
        here.dataDir = dataDir;
        try {
            Session session = Session.open(here);
            return new Reached(session.services().artifacts(), session::close);
        } catch (EmbeddedStackException | SdkException e) {
            throw new OutOfReachException(e instanceof SdkException sdk ? FollowUp.why(sdk) : e.getMessage(), e);
        }
    }

    private Reached openBucket() {
        S3Client client = AwsClients.s3(new AwsClients.Connection(s3Endpoint,
                Region.of(region != null ? region : Where.DEFAULT_REGION), null, 4));
        try {
            client.headBucket(b -> b.bucket(bucket));
            return new Reached(new S3ArtifactStore(client, bucket), client::close);
        } catch (SdkException e) {
            client.close();
            throw new OutOfReachException(noBucket(e) ? "it holds no bucket " + bucket : FollowUp.why(e), e);
        }
    }

    /** The region of a state machine's ARN ({@code arn:aws:states:REGION:ACCOUNT:stateMachine:NAME}); null without one. */
    private static String regionOf(String stateMachineArn) {
        String[] parts = stateMachineArn == null ? new String[0] : stateMachineArn.split(":");
        return parts.length > 3 && !parts[3].isEmpty() ? parts[3] : null;
    }

    private static boolean noBucket(SdkException e) {
        return e instanceof software.amazon.awssdk.services.s3.model.S3Exception s3 && s3.statusCode() == 404;
    }
}
