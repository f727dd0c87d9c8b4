package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.TestFeatures;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.json.Json;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Shapes an app's schema states only partly, as a new user's app has them: a relationship's key that is also a key of
 * its table (a post keyed by its blog's ID, over two blogs: fewer parents than the data alone takes for a reference), a
 * list of Storage keys, a model that does not sync with DataStore whose row still carries a {@code _version}. What the
 * schema declares is in the plan whatever the data shows, and the plan's items map as the app needs them.
 */
class DeclaredShapesInferenceTest {
    private static final String DEV = "-shapes-dev";
    private static final String PROD = "-shapes-prod";
    private static final String BUCKET = "shapes-storage-dev";
    /** The namespace a plan without idNamespace takes: its target suffix without its dash. */
    private static final IdMapper IDS = new IdMapper(PROD.substring(1));

    private final InMemoryItemStore store = new InMemoryItemStore();
    private final List<String> bucketKeys = new ArrayList<>();

    @Test
    void gen1_aPostKeyedByItsBlogsId_refersToItsBlog_itsThumbKeysAreFiles_andSettingsDoesNotSync() throws Exception {
        blogApp();

        InferredPlan plan = infer(AppSchema.read(fixture("gen1")));

        JsonNode tables = Json.MAPPER.readTree(plan.planJson()).path("tables");
        assertThat(tables.path("Post").path("references")).isEqualTo(Json.MAPPER.readTree("{\"blogId\": \"Blog\"}"));
        assertThat(tables.path("Post").path("idAttribute").asText()).isEqualTo("slug");
        assertThat(tables.path("Post").path("ids").asText()).isEqualTo("preserve");
        assertThat(plan.table("Post").idsReason()).isEqualTo("composite key: the partition key 'blogId' holds Blog IDs (@hasMany on"
                + " Blog.posts (indexName none, fields [id])), a reference, so each item moves with its Blog's new ID; the sort key"
                + " 'slug' is the item's ID, kept as it is");
        assertThat(plan.table("Post").references()).singleElement().satisfies(r -> assertThat(r.declared()).isTrue());
        assertThat(tables.path("Attachment").path("files").path("thumbKeys[]")).isEqualTo(Json.MAPPER.readTree("{\"format\": \"key\","
                + " \"pattern\": \"public/projects/{projectId}/attachments/{attachmentId}/{name}\", \"projectId\": \"Project\","
                + " \"attachmentId\": \"Attachment\"}"));
        assertThat(tables.path("Attachment").path("references").has("thumbKeys[]")).isFalse();
        if (TestFeatures.has("DataStoreFeature")) {
            // DataStore's key, which the plan holds where the build has DataStore.
            assertThat(tables.path("Blog").path("syncable").asBoolean()).isTrue();
            assertThat(tables.path("Settings").path("syncable").isBoolean()).as("said, not left out").isTrue();
            assertThat(tables.path("Settings").path("syncable").asBoolean()).isFalse();
        }
        assertThat(plan.table("Settings").warnings()).containsExactly("transform.conf.json's ResolverConfig gives Settings no conflict"
                + " detection, but 1 of 1 sampled items have _version and _lastChangedAt: proposed \"syncable\": false, so they are"
                + " copied as they are; if Settings syncs with DataStore, make it \"syncable\": true");
        assertThat(tables.path("Project").path("comment").asText()).contains("not syncable: transform.conf.json's ResolverConfig gives"
                + " Project no conflict detection; 0 of 2 sampled items have _version and _lastChangedAt");

        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        ItemTransformer run = new ItemTransformer(parsed);
        String blog = id("Blog", 1);
        assertThat(run.transform("Post", Map.of("blogId", s(blog), "slug", s("post-1"), "title", s("Post 1"))))
                .isEqualTo(Map.of("blogId", s(IDS.newId("Blog", blog)), "slug", s("post-1"), "title", s("Post 1")));
        String global = id("Settings", 0);
        Map<String, AttributeValue> settings = Map.of("id", s(global), "_version", n(3), "_lastChangedAt", n(1_717_000_000_000L));
        assertThat(run.transform("Settings", settings)).isEqualTo(Map.of("id", s(IDS.newId("Settings", global)), "_version", n(3),
                "_lastChangedAt", n(1_717_000_000_000L)));
    }

    @Test
    void aListOfStorageKeys_isNoBarePattern_withoutTheBucket_norWhenTooFewOfItsObjectsAreThere() throws Exception {
        blogApp();
        AppSchema schema = AppSchema.read(fixture("gen1"));

        InferredPlan unlisted = infer(schema, null);

        JsonNode attachment = Json.MAPPER.readTree(unlisted.planJson()).at("/tables/Attachment");
        assertThat(attachment.path("references").has("thumbKeys[]")).isFalse();
        assertThat(attachment.has("files")).isFalse();
        assertThat(unlisted.table("Attachment").warnings()).containsExactly("thumbKeys[]: its values are keys in Amplify Storage's"
                + " folders (e.g. '" + bucketKeys.get(0) + "'): renamed as a pattern, the records would name objects the run never"
                + " copies; give infer the bucket (--source-storage-bucket), so that they are proposed as files, copied and renamed"
                + " with their records");
        assertThat(unlisted.table("Attachment").rejected()).singleElement().satisfies(r -> assertThat(r.kind())
                .isEqualTo(ReferenceEvidence.Kind.PATTERN));

        bucketKeys.subList(0, 2).clear();
        InferredPlan missing = infer(schema);

        assertThat(Json.MAPPER.readTree(missing.planJson()).at("/tables/Attachment/references").has("thumbKeys[]")).isFalse();
        assertThat(missing.table("Attachment").warnings()).singleElement().asString().startsWith("thumbKeys[]: 7 of 9 values are keys"
                + " of objects in bucket " + BUCKET + ", too few for a file (only 7 of 9 values (77.8%) name objects in bucket "
                + BUCKET + "; at least 90% needed); not proposed as a pattern either");
    }

    @Test
    void gen2_anIdentifierKeyedByItsItemsId_refersToItsItem_andAModelSaidNotToSyncIsNotSyncable() throws Exception {
        table("Item", "id", null);
        for (int i = 0; i < 2; i++) {
            store.put("Item" + DEV, Map.of("id", s(id("Item", i)), "title", s("item " + i)));
        }
        table("Identifier", "itemId", "name");
        for (int i = 0; i < 25; i++) {
            store.put("Identifier" + DEV, Map.of("itemId", s(id("Item", i % 2)), "name", s("isbn-" + i), "value", s("978-" + i)));
        }
        table("Settings", "id", null);
        store.put("Settings" + DEV, Map.of("id", s("global"), "theme", s("dark"), "_version", n(3), "_lastChangedAt", n(1_717_000_000_000L)));

        InferredPlan plan = infer(AppSchema.read(fixture("gen2/amplify_outputs.json")));

        JsonNode tables = Json.MAPPER.readTree(plan.planJson()).path("tables");
        assertThat(tables.path("Identifier").path("references")).isEqualTo(Json.MAPPER.readTree("{\"itemId\": \"Item\"}"));
        assertThat(tables.path("Identifier").path("idAttribute").asText()).isEqualTo("name");
        assertThat(tables.path("Identifier").path("ids").asText()).isEqualTo("preserve");
        if (TestFeatures.has("DataStoreFeature")) {
            // DataStore's key, which the plan holds where the build has DataStore.
            assertThat(tables.path("Settings").path("syncable").isBoolean()).isTrue();
            assertThat(tables.path("Settings").path("syncable").asBoolean()).isFalse();
            assertThat(tables.path("Item").path("syncable").asBoolean()).as("the data decides what introspection says of every model").isFalse();
        }
        String item = id("Item", 0);
        assertThat(new ItemTransformer(PlanParser.parse(plan.planJson())).transform("Identifier", Map.of("itemId", s(item),
                "name", s("isbn-0")))).isEqualTo(Map.of("itemId", s(IDS.newId("Item", item)), "name", s("isbn-0")));
    }

    @Test
    void aRelationshipsKeyThatIsTheTablesOnlyKey_isItsIdMappedByThatRelationship_andOneInTheSortKeyIsAReference(@TempDir Path dir)
            throws Exception {
        Path schema = dir.resolve("schema.graphql");
        Files.writeString(schema, """
                type Account @model { id: ID! profile: Profile @hasOne(fields: ["id"]) }
                type Profile @model { accountId: ID! @primaryKey account: Account @belongsTo(fields: ["accountId"]) }
                type Team @model { id: ID! }
                type Membership @model { id: ID! @primaryKey(sortKeyFields: ["teamId"]) teamId: ID! team: Team @belongsTo(fields: ["teamId"]) }
                type Note @model { id: ID! profileId: ID profile: Profile @belongsTo(fields: ["profileId"]) }
                """);
        for (String model : List.of("Account", "Team")) {
            table(model, "id", null);
            for (int i = 0; i < 2; i++) {
                store.put(model + DEV, Map.of("id", s(id(model, i))));
            }
        }
        table("Profile", "accountId", null);
        store.put("Profile" + DEV, Map.of("accountId", s(id("Account", 0)), "bio", s("hello")));
        table("Membership", "id", "teamId");
        store.put("Membership" + DEV, Map.of("id", s(id("Membership", 0)), "teamId", s(id("Team", 1))));

        table("Note", "id", null);
        store.put("Note" + DEV, Map.of("id", s(id("Note", 0)), "profileId", s(id("Account", 0))));

        InferredPlan plan = infer(AppSchema.read(schema));

        JsonNode tables = Json.MAPPER.readTree(plan.planJson()).path("tables");
        // A profile's key is its account's ID, so a key naming a profile is one too, and maps as the profile's key does.
        assertThat(tables.path("Note").path("references")).isEqualTo(Json.MAPPER.readTree("{\"profileId\": \"Account\"}"));
        assertThat(tables.path("Profile").path("references").path("accountId")).isEqualTo(Json.MAPPER.readTree(
                "{\"pattern\": \"{accountId}\", \"accountId\": \"Account\"}"));
        assertThat(tables.path("Membership").path("references")).isEqualTo(Json.MAPPER.readTree("{\"teamId\": \"Team\"}"));
        ItemTransformer run = new ItemTransformer(PlanParser.parse(plan.planJson()));
        String account = id("Account", 0);
        assertThat(run.transform("Profile", Map.of("accountId", s(account)))).isEqualTo(Map.of("accountId", s(IDS.newId("Account", account))));
        String team = id("Team", 1);
        assertThat(run.transform("Membership", Map.of("id", s("m1"), "teamId", s(team))))
                .isEqualTo(Map.of("id", s(IDS.newId("Membership", "m1")), "teamId", s(IDS.newId("Team", team))));
    }

    @Test
    void aTransformConfWithoutResolverConfig_saysSo_notThatAModelLacksConflictDetection(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("schema.graphql"), "type Settings @model { id: ID! theme: String }\n");
        Files.writeString(dir.resolve("transform.conf.json"), "{\"Version\": 5, \"ElasticsearchWarning\": true}\n");
        table("Settings", "id", null);
        store.put("Settings" + DEV, Map.of("id", s("global"), "_version", n(3), "_lastChangedAt", n(1_717_000_000_000L)));

        InferredPlan plan = infer(AppSchema.read(dir));

        assertThat(plan.table("Settings").syncable()).isFalse();
        assertThat(plan.table("Settings").warnings()).containsExactly("transform.conf.json has no ResolverConfig, so no model syncs with"
                + " DataStore, Settings included, but 1 of 1 sampled items have _version and _lastChangedAt: proposed \"syncable\":"
                + " false, so they are copied as they are; if Settings syncs with DataStore, make it \"syncable\": true");
    }

    @Test
    void ownersThatAreUsernamesAlone_areSaidToBeThat_notOwnerValues(@TempDir Path dir) throws Exception {
        Path schema = dir.resolve("schema.graphql");
        Files.writeString(schema, "type Note @model @auth(rules: [{allow: owner}]) { id: ID! body: String }\n");
        table("Note", "id", null);
        for (int i = 0; i < 6; i++) {
            store.put("Note" + DEV, Map.of("id", s(id("Note", i)), "owner", s(List.of("alice", "bob", "carol").get(i % 3))));
        }

        InferredPlan plan = infer(AppSchema.read(schema));

        assertThat(plan.references().get("Note")).isEqualTo(Map.of("owner", "@owner"));
        assertThat(plan.warnings()).contains("identities as the schema declares them (usernames alone, as apps made before Amplify"
                + " CLI 8.1 store owners): no user pool was read to check them against its users; review each identity reference");
        assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("<uuid>::<name>"));
    }

    @Test
    void aModelNameLongerThanTheColumn_widensIt_andEveryRowStaysInLine() {
        String longName = "ProjectMilestoneAttachmentThumbnailRendition";
        table(longName, "id", null);
        table("Blog", "id", null);
        for (int i = 0; i < 3; i++) {
            store.put(longName + DEV, Map.of("id", s(id(longName, i))));
            store.put("Blog" + DEV, Map.of("id", s(id("Blog", i))));
        }

        List<String> summary = infer(null, null).summary();

        String header = summary.stream().filter(l -> l.startsWith("  model ")).findFirst().orElseThrow();
        int itemsEnd = header.indexOf("items") + "items".length();
        assertThat(summary.stream().filter(l -> l.startsWith("  " + longName + " ") || l.startsWith("  Blog "))).hasSize(2)
                .allSatisfy(row -> assertThat(row.substring(itemsEnd - 1, itemsEnd + 1)).as(row).isEqualTo("3 "));
    }

    private InferredPlan infer(AppSchema schema) {
        BucketKeys keys = new BucketKeys(BUCKET, Set.copyOf(bucketKeys), false, 1, List.of("public/"));
        return infer(schema, new PlanInference.Buckets(keys, "shapes-storage-prod"));
    }

    private InferredPlan infer(AppSchema schema, PlanInference.Buckets buckets) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 500, Thresholds.DEFAULT, null,
                buckets), schema, line -> { });
    }

    /** Two blogs of ten posts each, three attachments of two projects with three thumbnails each, and one settings row. */
    private void blogApp() {
        table("Blog", "id", null);
        for (int b = 0; b < 2; b++) {
            store.put("Blog" + DEV, Map.of("id", s(id("Blog", b)), "name", s("blog " + b), "_version", n(1),
                    "_lastChangedAt", n(1_717_000_000_000L + b)));
        }
        table("Post", "blogId", "slug");
        for (int p = 0; p < 20; p++) {
            store.put("Post" + DEV, Map.of("blogId", s(id("Blog", p % 2)), "slug", s("post-" + p), "title", s("Post " + p)));
        }
        table("Project", "id", null);
        for (int p = 0; p < 2; p++) {
            store.put("Project" + DEV, Map.of("id", s(id("Project", p)), "name", s("project " + p)));
        }
        table("Attachment", "id", null);
        for (int a = 0; a < 3; a++) {
            List<AttributeValue> thumbs = new ArrayList<>();
            for (String size : List.of("small", "medium", "large")) {
                String key = "public/projects/" + id("Project", a % 2) + "/attachments/" + id("Attachment", a) + "/" + size + ".jpg";
                thumbs.add(s(key));
                bucketKeys.add(key);
            }
            store.put("Attachment" + DEV, Map.of("id", s(id("Attachment", a)), "projectId", s(id("Project", a % 2)),
                    "name", s("attachment " + a), "thumbKeys", AttributeValue.fromL(thumbs)));
        }
        table("Settings", "id", null);
        store.put("Settings" + DEV, Map.of("id", s(id("Settings", 0)), "theme", s("dark"), "_version", n(3),
                "_lastChangedAt", n(1_717_000_000_000L)));
    }

    private void table(String model, String partition, String sort) {
        for (String suffix : List.of(DEV, PROD)) {
            if (sort == null) {
                store.createTable(model + suffix, partition, ScalarAttributeType.S);
            } else {
                store.createTable(model + suffix, partition, ScalarAttributeType.S, sort, ScalarAttributeType.S);
            }
        }
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(DeclaredShapesInferenceTest.class.getResource("/declared-shapes/" + name).toURI());
    }

    private static String id(String model, int index) {
        return String.format("%08x", model.hashCode()) + String.format("-0000-4000-8000-%012x", index);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
