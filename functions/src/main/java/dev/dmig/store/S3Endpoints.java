package dev.dmig.store;

import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What dmig may ask of an S3 endpoint. AWS's S3 takes every request and header dmig sends; an S3-compatible server (a
 * stock S3Proxy, MinIO, ...) may implement less: it answers 501 NotImplemented to what it lacks (version listing, the
 * bucket owner header), which no wait heals.
 */
public final class S3Endpoints {
    private S3Endpoints() {}

    /** Whether {@code endpoint} is AWS's S3: none named (the region's), or a host under amazonaws.com. */
    public static boolean aws(URI endpoint) {
        if (endpoint == null) {
            return true;
        }
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
    }

    /** Whether the server answered that it does not implement the request (501). */
    public static boolean notImplemented(S3Exception e) {
        return e.statusCode() == 501;
    }

    /** The one line a request the server does not implement fails with, naming the server and the operation. */
    public static StoreRefusedException refusal(URI endpoint, String operation, S3Exception e) {
        return new StoreRefusedException("the S3 server at " + (endpoint == null ? "AWS" : endpoint.toString())
                + " does not implement " + operation, e);
    }
}
