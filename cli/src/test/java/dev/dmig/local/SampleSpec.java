package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.TestFeatures;
import dev.dmig.sample.SampleData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run of the shipped sample plan makes of a sample item, written again from the docs and sharing no code with
 * dmig's mapping: new IDs by {@link SpecIds} (docs/ID-MAPPING.md), the users' identities by the shipped identity map
 * read here line by line (docs/plan.md, Identities), the composite sort key by its pattern, and DataStore rows reset
 * (docs/amplify.md): soft-deleted rows left behind, {@code _version} 1, {@code _lastChangedAt} the run's start. A build
 * without DataStore's feature knows none of its fields: there every row is copied, its fields as they are
 * ({@link #DATASTORE}).
 */
public final class SampleSpec {
    /** Whether this build has DataStore's feature, which resets its rows and leaves its soft-deleted ones behind. */
    public static final boolean DATASTORE = TestFeatures.has("DataStoreFeature");
    private final String namespace;
    private final Map<String, String> users = new HashMap<>();
    private final long startedAt;

    /** {@code identitiesCsv}: the shipped map, {@code source_sub,target_sub} under a header line. */
    public SampleSpec(String namespace, byte[] identitiesCsv, long startedAt) {
        this.namespace = namespace;
        this.startedAt = startedAt;
        String[] lines = new String(identitiesCsv, StandardCharsets.UTF_8).strip().split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] pair = lines[i].strip().split(",");
            users.put(pair[0], pair[1]);
        }
    }

    /** The dev users' subs, which no prod item may hold (their usernames are their subs: the pools sign in by email). */
    public List<String> devSubs() {
        return new ArrayList<>(users.keySet());
    }

    public static boolean softDeleted(Map<String, AttributeValue> source) {
        AttributeValue deleted = source.get("_deleted");
        return deleted != null && Boolean.TRUE.equals(deleted.bool());
    }

    /** Whether a run leaves {@code source} behind: a soft-deleted DataStore row, where the build has DataStore. */
    public static boolean leftBehind(Map<String, AttributeValue> source) {
        return DATASTORE && softDeleted(source);
    }

    /** How many of the standard sample's {@code model} rows a whole run leaves behind ({@link #leftBehind(Map)}). */
    public static long leftBehind(String model) {
        return DATASTORE ? SampleData.softDeleted(model) : 0;
    }

    /** How many of the standard sample's rows a whole run leaves behind, over its tables. */
    public static long leftBehind() {
        return DATASTORE ? SampleData.softDeleted().stream().mapToLong(SampleData.SoftDeleted::count).sum() : 0;
    }

    /** The key value the target item has for {@code source}: its sha256 ID, its own, or its user's prod sub ({@code USER#<sub>}). */
    public String targetId(String model, String idAttribute, boolean preserved, Map<String, AttributeValue> source) {
        String id = source.get(idAttribute).s();
        if (id.startsWith("USER#")) {
            return "USER#" + prodSub(id.substring("USER#".length()));
        }
        return preserved ? id : SpecIds.newId(namespace, model, id);
    }

    /** Checks what the spec says of {@code target}, the copy of {@code source}, that a transformer might get wrong. */
    public void assertMapped(String model, Map<String, AttributeValue> source, Map<String, AttributeValue> target) {
        String what = model + " " + target.get(model.equals("UserProfiles") ? "PK" : model.equals("SecureConfig") ? "key" : "id").s();
        source.forEach((name, value) -> {
            if (value.s() != null && value.s().matches("[0-9a-f-]{36}::[0-9a-f-]{36}")) {
                String[] owner = value.s().split("::");
                assertThat(owner[1]).as("%s.%s: the sample's usernames are subs", what, name).isEqualTo(owner[0]);
                String prod = prodSub(owner[0]);
                assertThat(target.get(name)).as("%s.%s, the dev owner's prod user", what, name).isEqualTo(AttributeValue.fromS(prod + "::" + prod));
            }
        });
        if (source.containsKey("_version") && source.containsKey("_lastChangedAt") && !DATASTORE) {
            assertThat(List.of(target.get("_version"), target.get("_lastChangedAt"))).as("%s's DataStore fields, as they are", what)
                    .containsExactly(source.get("_version"), source.get("_lastChangedAt"));
        } else if (source.containsKey("_version") && source.containsKey("_lastChangedAt")) {
            assertThat(target.get("_version")).as("%s._version", what).isEqualTo(AttributeValue.fromN("1"));
            assertThat(target.get("_lastChangedAt")).as("%s._lastChangedAt", what).isEqualTo(AttributeValue.fromN(Long.toString(startedAt)));
            assertThat(target).as("%s", what).doesNotContainKeys("_deleted", "_ttl");
        }
        if (model.equals("Quotes")) {
            String[] composite = source.get("projectId#createdAt").s().split("#", 2);
            assertThat(target.get("projectId#createdAt").s()).as("%s.projectId#createdAt", what)
                    .isEqualTo(SpecIds.newId(namespace, "Projects", composite[0]) + "#" + composite[1]);
        }
        assertHoldsNoDevIdentity(what, target);
    }

    /** No string anywhere in {@code item} (keys, nested maps, lists, sets) equals or contains a dev user's sub. */
    public void assertHoldsNoDevIdentity(String what, Map<String, AttributeValue> item) {
        List<String> strings = new ArrayList<>();
        item.values().forEach(value -> strings(value, strings));
        for (String string : strings) {
            for (String dev : users.keySet()) {
                assertThat(string).as("a string of %s", what).doesNotContain(dev);
            }
        }
    }

    /** Every string of {@code value}, at any depth. */
    public static void strings(AttributeValue value, List<String> into) {
        if (value.s() != null) {
            into.add(value.s());
        } else if (value.hasSs()) {
            into.addAll(value.ss());
        } else if (value.hasL()) {
            value.l().forEach(element -> strings(element, into));
        } else if (value.hasM()) {
            value.m().values().forEach(element -> strings(element, into));
        }
    }

    private String prodSub(String devSub) {
        String prod = users.get(devSub);
        assertThat(prod).as("dev user %s is in the shipped identity map", devSub).isNotNull();
        return prod;
    }
}
