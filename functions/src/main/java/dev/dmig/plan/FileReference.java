package dev.dmig.plan;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An attribute that holds a file: the key of an object in the source's Storage bucket, as {@code format} writes it,
 * after {@code prefix} (Amplify's {@code public/}: the record holds {@code photos/a.jpg}, the object is
 * {@code public/photos/a.jpg}). {@code mapping} (null for none) maps IDs inside the key, as a reference's patterns do
 * ({@code protected/{identityId}/photos/{id}.jpg}), so the record and its object get the same new name.
 */
public record FileReference(FileFormat format, String prefix, ValueMapping mapping) {

    public FileReference {
        prefix = prefix == null ? "" : prefix;
    }

    /**
     * The part of {@code value} the mapping applies to: the value itself for {@link FileFormat#KEY}, the object key of a
     * URL of {@code bucket}. Throws {@link IllegalArgumentException} saying why a value is none of these.
     */
    public String keyPart(String value, String bucket) {
        return switch (format) {
            case KEY -> value;
            case S3_URL -> {
                String start = "s3://" + bucket + "/";
                if (!value.startsWith(start) || value.length() == start.length()) {
                    throw new IllegalArgumentException("'" + shortened(value) + "' is not an s3:// URL of an object in bucket " + bucket);
                }
                yield value.substring(start.length());
            }
            case URL -> urlKey(value, bucket);
        };
    }

    /** The object key a record's key part stands for. */
    public String objectKey(String keyPart) {
        return prefix + keyPart;
    }

    /**
     * {@code value}, a value of an object in {@code sourceBucket}, as it names the object {@code keyPart} in
     * {@code targetBucket} instead: a URL keeps its scheme, host and addressing style; a query (a presigned URL's) is left out.
     */
    public String value(String value, String keyPart, String sourceBucket, String targetBucket) {
        return switch (format) {
            case KEY -> keyPart;
            case S3_URL -> "s3://" + targetBucket + "/" + keyPart;
            case URL -> url(URI.create(value), keyPart, sourceBucket, targetBucket);
        };
    }

    private static String urlKey(String value, String bucket) {
        URI uri = uri(value, bucket);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String key;
        if (uri.getHost().startsWith(bucket + ".")) {
            key = path.startsWith("/") ? path.substring(1) : path;
        } else if (path.startsWith("/" + bucket + "/")) {
            key = path.substring(bucket.length() + 2);
        } else {
            throw new IllegalArgumentException("'" + shortened(value) + "' is not a URL of an object in bucket " + bucket
                    + " (neither " + bucket + ".<host>/<key> nor <host>/" + bucket + "/<key>)");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("'" + shortened(value) + "' names bucket " + bucket + " but no object in it");
        }
        return key;
    }

    private static String url(URI uri, String keyPart, String sourceBucket, String targetBucket) {
        String host = uri.getHost();
        boolean virtualHosted = host.startsWith(sourceBucket + ".");
        String newHost = virtualHosted ? targetBucket + host.substring(sourceBucket.length()) : host;
        String newPath = virtualHosted ? "/" + keyPart : "/" + targetBucket + "/" + keyPart;
        try {
            return new URI(uri.getScheme(), null, newHost, uri.getPort(), newPath, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot write a URL of " + keyPart + " in bucket " + targetBucket + ": " + e.getReason());
        }
    }

    private static URI uri(String value, String bucket) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw new URISyntaxException(value, "no http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + shortened(value) + "' is not a URL of an object in bucket " + bucket);
        }
    }

    private static String shortened(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
