package dev.dmig.feature.files;

import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the source bucket holds the objects the records name, and their sizes: from listings of their folders where
 * that takes fewer requests than a HeadObject per object, from HeadObject elsewhere. A folder (the key up to its first
 * {@code /}: Amplify's {@code public/}, {@code protected/}, {@code private/}, whose users' own folders hold a file or two
 * each) is listed at most once per Analyze call, a page of up to 1,000 keys for every {@value #KEYS_PER_PAGE} keys
 * asked in it and not yet reached, so a listing never costs more than a tenth more requests than the heads would (a
 * folder of a million objects of which a page names ten), and a folder that names them all costs one request per
 * 1,000 objects. A key the listing has not reached is asked with a HeadObject. Both are strongly consistent and name
 * the current version only. A listing out of S3's order (a server that does not keep it) is given up for heads. At most
 * {@value #KEPT} listed keys are kept per call; past them, heads only.
 */
final class SourceSizes {
    /** The keys asked in a folder, not yet reached by its listing, that pay for one more page of it. */
    static final int KEYS_PER_PAGE = 10;
    /** The listed keys kept in memory at most, across folders. */
    static final int KEPT = 200_000;

    private final ObjectReader bucket;
    private final Map<String, Folder> folders = new ConcurrentHashMap<>();
    private final AtomicInteger kept = new AtomicInteger();

    SourceSizes(ObjectReader bucket) {
        this.bucket = bucket;
    }

    /** Each of {@code keys}' size, empty where the bucket holds no object. */
    Map<String, Optional<Long>> of(List<String> keys) {
        Map<String, List<String>> byFolder = new LinkedHashMap<>();
        keys.forEach(key -> byFolder.computeIfAbsent(key.substring(0, key.indexOf('/') + 1), f -> new ArrayList<>()).add(key));
        Map<String, Optional<Long>> sizes = new HashMap<>();
        List<String> unlisted = new ArrayList<>();
        byFolder.forEach((folder, inIt) -> {
            if (bucket.listsSizes(folder)) {
                folders.computeIfAbsent(folder, Folder::new).sizes(inIt, sizes, unlisted);
            } else {
                unlisted.addAll(inIt);
            }
        });
        ObjectScan.heads(bucket, unlisted).forEach((key, head) -> sizes.put(key, head.map(ObjectHead::size)));
        return sizes;
    }

    /** One folder's listing, as far as it has gone. */
    private final class Folder {
        private final String prefix;
        private final Map<String, Long> listed = new HashMap<>();
        /** The last key listed; null before the first page. */
        private String through;
        private boolean ended;
        private boolean givenUp;
        /** Keys asked beyond the listing, not yet spent on a page. */
        private int credit;

        Folder(String prefix) {
            this.prefix = prefix;
        }

        /** Puts the size of each of {@code keys} the listing reaches into {@code sizes}, the others into {@code unlisted}. */
        synchronized void sizes(List<String> keys, Map<String, Optional<Long>> sizes, List<String> unlisted) {
            credit += (int) keys.stream().filter(key -> !reached(key)).count();
            while (!ended && !givenUp && credit >= KEYS_PER_PAGE && keys.stream().anyMatch(key -> !reached(key))) {
                credit -= KEYS_PER_PAGE;
                next();
            }
            for (String key : keys) {
                if (reached(key)) {
                    sizes.put(key, Optional.ofNullable(listed.get(key)));
                } else {
                    unlisted.add(key);
                }
            }
        }

        private boolean reached(String key) {
            return !givenUp && (ended || through != null && ObjectReader.S3_ORDER.compare(key, through) <= 0);
        }

        private void next() {
            ObjectReader.Listing page = bucket.listSizes(prefix, through);
            String last = through;
            for (ObjectReader.Listed object : page.objects()) {
                if (last != null && ObjectReader.S3_ORDER.compare(object.key(), last) <= 0) {
                    giveUp();
                    return;
                }
                last = object.key();
            }
            if (kept.addAndGet(page.objects().size()) > KEPT) {
                kept.addAndGet(-page.objects().size());
                giveUp();
                return;
            }
            page.objects().forEach(object -> listed.put(object.key(), object.size()));
            through = last;
            ended = !page.more();
        }

        private void giveUp() {
            givenUp = true;
            kept.addAndGet(-listed.size());
            listed.clear();
        }
    }
}
