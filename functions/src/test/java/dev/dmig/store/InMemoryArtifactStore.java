package dev.dmig.store;

import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An {@link ArtifactStore} held in memory: keys sorted as S3 lists them, {@code children} like a
 * delimiter listing, {@code putIfAbsent} atomic. Bodies are copied in and out. Tests can list and
 * read keys, count writes, and make puts fail. Thread-safe.
 */
public final class InMemoryArtifactStore implements ArtifactStore {
    private final String bucket;
    private final TreeMap<String, byte[]> objects = new TreeMap<>();
    private final Map<String, String> contentTypes = new TreeMap<>();
    private final Map<String, Integer> writesByKey = new TreeMap<>();
    private final Map<String, Integer> readsByKey = new TreeMap<>();
    private int writes;
    private int reads;
    private Predicate<String> failingPuts = key -> false;

    public InMemoryArtifactStore() {
        this("dmig-test-bucket");
    }

    public InMemoryArtifactStore(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public synchronized void put(String key, byte[] body, String contentType) {
        checkKey(key);
        if (failingPuts.test(key)) {
            throw new StoreUnavailableException("s3://" + bucket + "/" + key + ": S3 unavailable (injected fault)", null);
        }
        objects.put(key, body.clone());
        contentTypes.put(key, contentType);
        writes++;
        writesByKey.merge(key, 1, Integer::sum);
    }

    @Override
    public synchronized Optional<byte[]> get(String key) {
        reads++;
        readsByKey.merge(key, 1, Integer::sum);
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    @Override
    public synchronized List<String> list(String prefix) {
        return new ArrayList<>(objects.tailMap(prefix, true).keySet().stream().takeWhile(k -> k.startsWith(prefix)).toList());
    }

    @Override
    public synchronized List<String> children(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : list(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                names.add(rest.substring(0, slash));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] body, String contentType) {
        if (objects.containsKey(key)) {
            return false;
        }
        put(key, body, contentType);
        return true;
    }

    @Override
    public synchronized void delete(String key) {
        objects.remove(key);
        contentTypes.remove(key);
    }

    @Override
    public String location() {
        return "mem://" + bucket;
    }

    /** Every key, sorted. */
    public synchronized List<String> keys() {
        return new ArrayList<>(objects.keySet());
    }

    public synchronized boolean contains(String key) {
        return objects.containsKey(key);
    }

    /** The body of a key as UTF-8 text; fails when the key is absent. */
    public synchronized String text(String key) {
        byte[] body = objects.get(key);
        if (body == null) {
            throw new IllegalArgumentException("no object " + key + " in " + location() + "; keys: " + objects.keySet());
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body of a JSON key read as {@code type}; fails when the key is absent. */
    public <T> T json(String key, Class<T> type) {
        return getJson(key, type).orElseThrow(() -> new IllegalArgumentException("no object " + key + " in " + location()));
    }

    public synchronized String contentType(String key) {
        return contentTypes.get(key);
    }

    /** How many gets were asked, in all. */
    public synchronized int reads() {
        return reads;
    }

    /** How many gets of this key were asked, found or not. */
    public synchronized int reads(String key) {
        return readsByKey.getOrDefault(key, 0);
    }

    /** How many puts succeeded, in all. */
    public synchronized int writes() {
        return writes;
    }

    /** How many puts of this key succeeded. */
    public synchronized int writes(String key) {
        return writesByKey.getOrDefault(key, 0);
    }

    /** From now on, puts of keys matching {@code keys} throw {@link StoreUnavailableException}. */
    public synchronized void failPuts(Predicate<String> keys) {
        failingPuts = keys;
    }

    public synchronized void clearFaults() {
        failingPuts = key -> false;
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("not an S3 key: '" + key + "'");
        }
    }

    @Override
    public String toString() {
        return location() + " " + Json.text(keys());
    }
}
