package dev.dmig.feature.files;

import dev.dmig.Reaches;
import dev.dmig.files.Buckets;
import dev.dmig.files.ObjectComparison;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.validate.NamedBeside;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether a value that named an object of the source's Storage bucket names, in its copy, an object of the target's
 * bucket with the same bytes, where the plan does not say the value is a file (its {@code files} are compared as the copy
 * writes them): a list of Storage keys mapped as a pattern, or copied as they are, leaves the target's records naming
 * objects that were never copied. A value is asked of the source bucket only when it looks like a key (a {@code /}, no
 * blank, not a URL); an attribute whose first {@value #SAMPLE} values asked name no object is not asked again, so that a
 * table's paths and prose cost a few heads at most. A key relative to Amplify's access level is looked for under
 * {@code public/} too. Reads only, both buckets. Validation's resolutions ask it of every copy ({@link NamedBeside}): a
 * copy that names no such object is a finding of kind {@code file}.
 */
final class NamedObjects implements NamedBeside {
    /** Values of an attribute asked before it is taken for one that names no object, when none did. */
    static final int SAMPLE = 3;
    private static final String PUBLIC = "public/";

    private final ObjectReader source;
    private final ObjectReader target;
    /** The table's file references by path: compared as the copy writes them, not here. */
    private final Set<String> files;
    /** Per attribute path: values asked of the source bucket, and of them those it held, while deciding. */
    private final Map<String, int[]> asked = new java.util.concurrent.ConcurrentHashMap<>();

    private NamedObjects(ObjectReader source, ObjectReader target, TablePlan table) {
        this.source = source;
        this.target = target;
        this.files = table.files().keySet().stream().map(ReferencePath::text).collect(Collectors.toSet());
    }

    /**
     * What the copy's value {@code now} is of the source's value {@code was} at {@code path}: null when {@code was} names no
     * object of the source bucket (or is not asked); otherwise whether {@code now} names one with the same bytes in the
     * target's.
     */
    @Override
    public Boolean copied(String path, String was, String now) {
        if (!looksLikeKey(was) || files.contains(path)) {
            return null;
        }
        int[] counts = asked.computeIfAbsent(path, p -> new int[2]);
        if (counts[0] >= SAMPLE && counts[1] == 0) {
            return null;
        }
        counts[0]++;
        String prefix = "";
        Optional<ObjectHead> there = source.head(was);
        if (there.isEmpty() && !levelled(was)) {
            prefix = PUBLIC;
            there = source.head(PUBLIC + was);
        }
        if (there.isEmpty()) {
            return null;
        }
        counts[1]++;
        if (!looksLikeKey(now)) {
            return false;
        }
        Optional<ObjectHead> copy = target.head(prefix + now);
        return copy.isPresent() && ObjectComparison.of(source, there.get(), target, copy.get()).same();
    }

    /** Whether some string in {@code value} (nested in lists, sets and maps) looks like a key, without building its paths. */
    @Override
    public boolean mayName(AttributeValue value) {
        return looksLikeKeyIn(value);
    }

    private static boolean looksLikeKeyIn(AttributeValue value) {
        return switch (value.type()) {
            case S -> looksLikeKey(value.s());
            case SS -> value.ss().stream().anyMatch(NamedObjects::looksLikeKey);
            case L -> value.l().stream().anyMatch(NamedObjects::looksLikeKeyIn);
            case M -> value.m().values().stream().anyMatch(NamedObjects::looksLikeKeyIn);
            default -> false;
        };
    }

    private static boolean looksLikeKey(String value) {
        if (value.length() > 1024 || value.indexOf('/') <= 0 || value.contains("://")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the key starts with one of Amplify's access levels. */
    private static boolean levelled(String key) {
        return key.startsWith(PUBLIC) || key.startsWith("protected/") || key.startsWith("private/");
    }

    /** The files feature's part: objects of the plan's buckets, where it names both and the run reaches them. */
    static final class Part implements NamedBeside.Feature {
        @Override
        public String kind() {
            return "file";
        }

        @Override
        public NamedBeside of(MigrationPlan plan, TablePlan table, Reaches reaches) {
            Buckets buckets = reaches.get(Buckets.class, Buckets.NONE);
            if (!plan.storage().named() || buckets == Buckets.NONE) {
                return null;
            }
            return new NamedObjects(buckets.source(plan), buckets.target(plan), table);
        }

        @Override
        public String unresolved(MigrationPlan plan, String path, boolean one, String example) {
            return (one ? "named an object" : "named objects") + " of bucket " + plan.storage().sourceBucket() + " and "
                    + (one ? "names" : "name") + " no object with the same bytes in bucket " + plan.storage().targetBucket()
                    + " (first: item " + example + "); the plan does not copy " + (one ? "it" : "them") + ": make " + path
                    + " a file reference, \"files\": {\"" + path + "\": …} in the table's entry (with the pattern that"
                    + " renames " + (one ? "it" : "them") + ", in place of a reference)";
        }
    }
}
