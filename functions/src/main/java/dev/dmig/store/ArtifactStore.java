package dev.dmig.store;

import dev.dmig.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Where a run keeps its manifest, analysis, checkpoints, journal and reports: one bucket, a
 * prefix per run (layout in {@code RunLayout}).
 */
public interface ArtifactStore {
    void put(String key, byte[] body, String contentType);

    /** Writes an object's bytes to a stream; the object is stored once the writer returns. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Stores what {@code body} writes, of any size. This default holds it all in memory; a store that can
     * send it in parts (S3's multipart upload) holds one part at a time, so memory does not follow its size.
     */
    default void putStreaming(String key, String contentType, BodyWriter body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            body.writeTo(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(key, buffer.toByteArray(), contentType);
    }

    /**
     * As {@link #putStreaming(String, String, BodyWriter)}, encrypted under the KMS key {@code kmsKeyId} rather than the
     * store's default (null: the default). A store that encrypts nothing refuses a key rather than ignore it.
     */
    default void putStreaming(String key, String contentType, String kmsKeyId, BodyWriter body) {
        if (kmsKeyId != null) {
            throw new UnsupportedOperationException("this artifact store cannot encrypt " + key + " under KMS key " + kmsKeyId);
        }
        putStreaming(key, contentType, body);
    }

    Optional<byte[]> get(String key);

    /**
     * The object's bytes as a stream, for one that may be large (a Storage object saved before the run overwrote it); the
     * caller closes it. This default reads it whole; S3's store streams it.
     */
    default Optional<java.io.InputStream> open(String key) {
        return get(key).map(ByteArrayInputStream::new);
    }

    /** Every key under the prefix, in lexicographic order. */
    List<String> list(String prefix);

    /** The names of the immediate sub-folders of a prefix ending in '/', e.g. the run IDs under {@code runs/}. */
    List<String> children(String prefix);

    /** The keys directly under a prefix ending in '/', none of its sub-folders', in lexicographic order. */
    default List<String> files(String prefix) {
        return list(prefix).stream().filter(key -> key.indexOf('/', prefix.length()) < 0).toList();
    }

    /** Creates the object only if no object has that key; false when one already exists. */
    boolean putIfAbsent(String key, byte[] body, String contentType);

    void delete(String key);

    /**
     * Deletes the object and every earlier version of it a versioned bucket keeps, for what must not outlive its use (a
     * plain delete leaves those to the bucket's lifecycle). This default is {@link #delete}, for a store without versions.
     */
    default void deleteEveryVersion(String key) {
        delete(key);
    }

    /** The bucket or location, for messages. */
    String location();

    default void putJson(String key, Object value) {
        put(key, Json.bytes(value), "application/json");
    }

    default <T> Optional<T> getJson(String key, Class<T> type) {
        return get(key).map(bytes -> Json.read(bytes, type));
    }

    default void putGzipJson(String key, Object value) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        // The fastest level: journal entries are written on the hot path, once per page, and read rarely.
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(Json.bytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(key, buffer.toByteArray(), "application/gzip");
    }

    default <T> Optional<T> getGzipJson(String key, Class<T> type) {
        return get(key).map(bytes -> {
            try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return Json.read(gzip.readAllBytes(), type);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
            }
        });
    }
}
