package dev.dmig.infer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The keys of a Storage bucket's objects, listed with ListObjectsV2 (reads only), to tell which attributes hold them;
 * at most {@code max} keys, {@code capped} when the bucket holds more.
 *
 * @param prefixes the keys' first folders ({@code public/}, {@code protected/}), most keys first: the prefixes a value
 *                 may be stored without
 */
public record BucketKeys(String bucket, Set<String> keys, boolean capped, int listCalls, List<String> prefixes) {
    /** Keys kept: a few MB of memory and a hundred list calls, enough for the app buckets dmig copies with their records. */
    public static final int DEFAULT_MAX = 100_000;

    public BucketKeys {
        keys = Set.copyOf(keys);
        prefixes = List.copyOf(prefixes);
    }

    public static BucketKeys list(S3Client s3, String bucket, int max) {
        Set<String> keys = new HashSet<>();
        Map<String, Integer> folders = new TreeMap<>();
        int calls = 0;
        boolean capped = false;
        // The paginator asks for the next page only when the loop reaches it: a capped listing stops asking.
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket))) {
            calls++;
            for (S3Object object : page.contents()) {
                if (keys.size() == max) {
                    capped = true;
                    break;
                }
                keys.add(object.key());
                int slash = object.key().indexOf('/');
                if (slash > 0) {
                    folders.merge(object.key().substring(0, slash + 1), 1, Integer::sum);
                }
            }
            if (capped) {
                break;
            }
        }
        List<String> prefixes = folders.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(Map.Entry::getKey).toList();
        return new BucketKeys(bucket, keys, capped, calls, prefixes);
    }

    public boolean contains(String key) {
        return keys.contains(key);
    }
}
