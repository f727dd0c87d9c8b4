package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.identity.PoolPairing;
import dev.dmig.identity.PoolUsers;
import dev.dmig.json.Json;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What infer proposes on a whole Amplify app: attributes holding users' subs and a profile table keyed by them, read
 * with the user pools and without; DataStore's sync table; identity-pool IDs, whole and in Storage keys; file keys that
 * hold IDs; a pattern whose few odd values fit no form; and the identity map infer writes for its user.
 */
class AmplifyAppInferenceTest {
    private static final String DEV = "-app-dev";
    private static final String PROD = "-app-prod";
    private static final String BUCKET = "app-storage-dev";
    private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "erin");

    private final InMemoryItemStore store = new InMemoryItemStore();
    private final List<String> progress = new ArrayList<>();

    /** A profile per user keyed by their sub, and tasks whose lead, members, assignee, admins and updater are subs. */
    private void teamApp() {
        store.createTable("UserProfile" + DEV, "id", ScalarAttributeType.S);
        store.createTable("UserProfile" + PROD, "id", ScalarAttributeType.S);
        for (int u = 0; u < NAMES.size(); u++) {
            store.put("UserProfile" + DEV, Map.of("id", s(sub(u)), "displayName", s(NAMES.get(u)), "owner", s(owner(u))));
        }
        table("Task", 40, i -> Map.of("lead", s(sub(i % 5)), "members", AttributeValue.fromL(List.of(s(sub((i + 1) % 5)),
                        s(sub((i + 2) % 5)))), "assignee", s(sub((i + 3) % 5)), "admins", AttributeValue.fromSs(List.of(sub(i % 5))),
                "updatedBy", s(sub((i + 4) % 5)), "owner", s(owner(i % 5))));
    }

    @Test
    void withThePools_subHoldingAttributesAreSubIdentities_theProfileTableIsKeyedByThem_andThePlanMapsByThePools() {
        teamApp();
        PoolUsers.Read pools = new PoolUsers.Read("eu-west-1_Dev", users(), "eu-west-1_Prod", 5,
                List.of(pair(0), pair(1), pair(2), pair(3)),
                List.of(new PoolPairing.Unpaired("erin", "no user of the target pool has this email")));

        InferredPlan plan = infer(KnownUsers.ofPools(pools), null);

        assertThat(plan.references().get("Task")).isEqualTo(Map.of("lead", "@sub", "members[]", "@sub", "assignee", "@sub",
                "admins[]", "@sub", "updatedBy", "@sub", "owner", "@owner"));
        assertThat(plan.references().get("UserProfile")).isEqualTo(Map.of("id", "@sub", "owner", "@owner"));
        assertThat(plan.table("UserProfile").idsReason()).isEqualTo("partition key 'id' holds users' identities (subs of the users"
                + " of user pool eu-west-1_Dev): the identity map gives each item its new key");
        assertThat(plan.table("Task").references()).allSatisfy(r -> assertThat(r.method()).isEqualTo("pool"));
        JsonNode json = Json.tree(plan.planJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json.at("/source/userPoolId").asText()).isEqualTo("eu-west-1_Dev");
        assertThat(json.at("/target/userPoolId").asText()).isEqualTo("eu-west-1_Prod");
        assertThat(json.get("identities")).isEqualTo(Json.tree("{\"matchBy\": \"email\", \"onUnmatched\": \"refuse\"}".getBytes()));
        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.identities().fromPools()).isTrue();
        assertThat(parsed.table("UserProfile").idMapped()).isTrue();
        assertThat(plan.warnings()).contains("identity references proposed: the plan builds its identity map from the user pools"
                + " eu-west-1_Dev and eu-west-1_Prod, pairing users by email as analysis will: 4 of 5 source users paired with 5 users"
                + " of eu-west-1_Prod", "1 source users have no pair (erin, no user of the target pool has this email): analysis"
                + " stops at their values (identities.onUnmatched refuse): give each the same email in both pools, or pair them in a"
                + " file the plan names (\"csv\": \"identities.csv\"; --identities-out writes one with the pools' pairs, theirs left"
                + " to fill in), or set identities.onUnmatched");
        assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("which only you can write"));
        assertThat(plan.summary()).anySatisfy(l -> assertThat(l).endsWith("Review the plan, then: dmig analyze --plan plan.json"));
    }

    @Test
    void withoutThePools_theSameDataStillReferencesTheProfileTable_andEachSuchPathIsWarnedOf() {
        teamApp();

        InferredPlan plan = infer(null, null);

        assertThat(plan.references().get("Task")).isEqualTo(Map.of("lead", "UserProfile", "members[]", "UserProfile",
                "assignee", "UserProfile", "admins[]", "UserProfile", "updatedBy", "UserProfile", "owner", "@owner"));
        assertThat(plan.table("UserProfile").warnings()).contains("its partition key 'id' holds subs seen in owner values, by"
                + " shape only: if its items are keyed by their users, map it by the identity map (\"id\": \"@sub\") so they follow them");
        assertThat(plan.table("Task").warnings()).contains("lead: its values are IDs of UserProfile and also subs seen in owner values:"
                + " if they hold users, they are identity references (\"lead\": \"@sub\"), which follow each user to the target's sub,"
                + " not references to UserProfile; infer tells them apart with the source's user pool (--source-user-pool-id)");
        assertThat(plan.table("Task").warnings()).filteredOn(w -> w.contains("and also subs seen in owner values")).hasSize(5);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("identities told by their shape only"));
    }

    @Test
    void amplifyDataStore_isProposedSkip_unread_andNoValueRefersToIt() {
        table("Task", 12, i -> Map.of("title", s("task " + i)));
        store.createTable("AmplifyDataStore" + DEV, "id", ScalarAttributeType.S);
        for (int i = 0; i < 12; i++) {
            store.put("AmplifyDataStore" + DEV, Map.of("id", s(id("Task", i)), "_version", AttributeValue.fromN("1")));
        }
        table("Comment", 12, i -> Map.of("syncedId", s(id("Task", i))));

        InferredPlan plan = infer(null, null);

        assertThat(plan.skipped()).containsExactly("AmplifyDataStore");
        assertThat(plan.tables()).extracting(InferredTable::model).containsExactly("Comment", "Task");
        assertThat(plan.references()).isEqualTo(Map.of("Comment", Map.of("syncedId", "Task")));
        assertThat(plan.targetSuffix()).as("found without a target sync table").isEqualTo(PROD);
        assertThat(plan.reads().itemsRead()).isEqualTo(24);
        JsonNode json = Json.tree(plan.planJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json.at("/tables/AmplifyDataStore/skip").asBoolean()).isTrue();
        assertThat(PlanParser.parse(plan.planJson()).migratedModels()).containsExactlyInAnyOrder("Task", "Comment");
        assertThat(plan.summary()).anySatisfy(l -> assertThat(l).contains("AmplifyDataStore").contains("skip")
                .contains("(Amplify DataStore's delta-sync table: not read, left alone)"));
    }

    @Test
    void identityPoolIds_areIdentityIdReferences_andOnlyTheFileMapsThem_evenWithThePools() {
        table("Upload", 30, i -> Map.of("identityId", s(identityId(i % 6)), "owner", s(owner(i % 5))));

        InferredPlan withoutPools = infer(null, null);

        assertThat(withoutPools.references().get("Upload")).containsEntry("identityId", "@identityId");
        ReferenceEvidence ids = withoutPools.table("Upload").references().stream().filter(r -> r.path().equals("identityId"))
                .findFirst().orElseThrow();
        assertThat(ids.kind()).isEqualTo(ReferenceEvidence.Kind.IDENTITY);
        assertThat(ids.basis()).isEqualTo("identity IDs (<region>:<uuid>), by shape only");
        assertThat(ids.level()).isNotEqualTo("high");
        assertThat(PlanParser.parse(withoutPools.planJson()).table("Upload").identityReferences())
                .containsEntry("identityId", IdentityKind.IDENTITY_ID);
        assertThat(withoutPools.warnings()).contains("identity IDs proposed (@identityId, <region>:<uuid>): only identities.csv"
                + " maps them, in its columns source_identity_id,target_identity_id; they are an identity pool's, which no user"
                + " pool holds, so give each user's dev and prod identity IDs there");

        InferredPlan withPools = infer(KnownUsers.ofPools(new PoolUsers.Read("eu-west-1_Dev", users(), "eu-west-1_Prod", 5,
                List.of(pair(0), pair(1), pair(2), pair(3), pair(4)), List.of())), null);

        JsonNode json = Json.tree(withPools.planJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json.get("identities")).isEqualTo(Json.tree(
                "{\"matchBy\": \"email\", \"csv\": \"identities.csv\", \"onUnmatched\": \"refuse\"}".getBytes()));
        assertThat(withPools.summary()).anySatisfy(l -> assertThat(l).endsWith("write identities.csv beside it, then: dmig analyze"
                + " --plan plan.json"));
    }

    @Test
    void identityPoolIdsAlone_areSaidToBeToldByTheirShape_asIdentityPoolIds_notAsOwnerValues() {
        table("Upload", 30, i -> Map.of("identityId", s(identityId(i % 6))));

        InferredPlan plan = infer(null, null);

        assertThat(plan.warnings()).contains("identity-pool IDs told by their shape only (<region>:<uuid>): no user pool holds them,"
                + " so none was read to check them; review each identity reference");
        assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("<uuid>::<name>"));
    }

    @Test
    void fileKeysHoldingIdentityIdsAndRecordIds_areProposedWithThePatternsThatRenameThem() {
        table("Project", 8, i -> Map.of("cover", s("public/projects/" + id("Project", i) + "/cover.png")));
        table("Photo", 24, i -> Map.of("image", AttributeValue.fromM(Map.of("key",
                s("protected/" + identityId(i % 4) + "/photos/" + id("Photo", i) + ".jpg")))));
        table("Doc", 12, i -> Map.of("fileKey", s("docs/doc-" + i + ".pdf")));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add("public/projects/" + id("Project", i) + "/cover.png");
        }
        for (int i = 0; i < 24; i++) {
            keys.add("protected/" + identityId(i % 4) + "/photos/" + id("Photo", i) + ".jpg");
        }
        for (int i = 0; i < 12; i++) {
            keys.add("docs/doc-" + i + ".pdf");
        }

        InferredPlan plan = infer(null, new PlanInference.Buckets(new BucketKeys(BUCKET, Set.copyOf(keys), false, 1,
                List.of("protected/", "public/", "docs/")), "app-storage-prod"));

        JsonNode json = Json.tree(plan.planJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Photo/files/image.key")).isEqualTo(Json.tree(("{\"format\": \"key\", \"pattern\":"
                + " \"protected/{identityId}/photos/{photoId}.jpg\", \"identityId\": \"@identityId\", \"photoId\": \"Photo\"}").getBytes()));
        assertThat(json.at("/tables/Project/files/cover")).isEqualTo(Json.tree(("{\"format\": \"key\", \"pattern\":"
                + " \"public/projects/{projectId}/cover.png\", \"projectId\": \"Project\"}").getBytes()));
        // Names as IDs: the table keeps them, so its keys have nothing to rename.
        assertThat(json.at("/tables/Doc/files/fileKey")).isEqualTo(Json.tree("{\"format\": \"key\"}".getBytes()));
        assertThat(json.at("/tables/Photo/comment").asText()).contains("image.key: 24 of 24 values are keys of objects in bucket "
                + BUCKET + ", as protected/<identityId>/photos/<Photo ID>.jpg, ");
        assertThat(plan.table("Photo").warnings()).noneSatisfy(w -> assertThat(w).contains("its keys hold generated IDs"));
        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.table("Photo").files().values()).singleElement().satisfies(f -> assertThat(f.mapping()).isNotNull());
        assertThat(parsed.identities().csv()).isEqualTo("identities.csv");
        assertThat(plan.references().get("Photo")).containsEntry("image.key",
                "file key protected/{identityId}/photos/{photoId}.jpg identityId=@identityId photoId=Photo");
    }

    @Test
    void aFileWhoseKeysHoldIdsNoPatternCanRename_keepsTheWarning() {
        // Generated IDs of no table infer read, and no user's: nothing to rename them by.
        table("Photo", 6, i -> Map.of("image", s("protected/photos/" + id("Gone", i) + ".jpg")));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add("protected/photos/" + id("Gone", i) + ".jpg");
        }

        InferredPlan plan = infer(null, new PlanInference.Buckets(new BucketKeys(BUCKET, Set.copyOf(keys), false, 1,
                List.of("protected/")), "app-storage-prod"));

        assertThat(plan.references().get("Photo")).containsEntry("image", "file key");
        assertThat(plan.table("Photo").warnings()).anySatisfy(w -> assertThat(w).startsWith("image: its keys hold generated IDs"));
    }

    @Test
    void withoutABucket_keysHoldingIdentityIds_areNoReferencePattern_butAreWarnedOf() {
        table("Photo", 12, i -> Map.of("image", s("protected/" + identityId(i % 4) + "/photos/" + id("Photo", i) + ".jpg")));

        InferredPlan plan = infer(null, null);

        // Renaming the value alone would leave its object behind: only a file renames both.
        assertThat(plan.references().get("Photo")).isNull();
        assertThat(plan.table("Photo").warnings()).containsExactly("image: its values hold identity IDs (e.g. 'protected/"
                + identityId(0) + "/photos/" + id("Photo", 0) + ".jpg'): if they are keys of Storage objects, give infer the bucket"
                + " (--source-storage-bucket), so that they are proposed as files with the pattern that renames each object with"
                + " its user");
    }

    @Test
    void aPatternWhoseFewOddValuesFitNoForm_getsAKeptCatchAll_andTheCommentSaysSo() {
        table("Project", 100, i -> Map.of());
        // Words that no alternative takes but their own: 9 forms of one value each, past the 8 an attribute may have.
        List<String> odd = List.of("none", "legacy", "unknown", "pending", "draft", "archived", "imported", "deleted", "other");
        table("Event", 100 + odd.size(), i -> Map.of("subject", s(i < 100 ? "PROJECT#" + id("Project", i) : odd.get(i - 100))));

        InferredPlan plan = infer(null, null);

        ReferenceEvidence subject = plan.table("Event").references().stream().filter(r -> r.path().equals("subject")).findFirst()
                .orElseThrow();
        assertThat(subject.kind()).isEqualTo(ReferenceEvidence.Kind.PATTERN);
        assertThat(subject.patterns()).hasSize(PatternInference.MAX_ALTERNATIVES + 1);
        ProposedPattern last = subject.patterns().get(subject.patterns().size() - 1);
        assertThat(last.catchAll()).isTrue();
        assertThat(last.pattern()).isEqualTo("{other}");
        assertThat(last.values()).isEqualTo(2);
        assertThat(last.examples()).hasSize(2).allSatisfy(v -> assertThat(odd).contains(v));
        JsonNode json = Json.tree(plan.planJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode alternatives = json.at("/tables/Event/references/subject");
        assertThat(alternatives.get(0)).isEqualTo(Json.tree("{\"pattern\": \"PROJECT#{project}\", \"project\": \"Project\"}".getBytes()));
        assertThat(alternatives.get(alternatives.size() - 1)).isEqualTo(Json.tree("{\"pattern\": \"{other}\"}".getBytes()));
        assertThat(json.at("/tables/Event/comment").asText()).contains("; 2 values of no form above, kept as they are by the"
                + " catch-all alternative {other} (examples in the evidence): check them");
        assertThat(PlanParser.parse(plan.planJson()).table("Event").mappings()).hasSize(1);
        assertThat(plan.evidenceJson()).contains("\"pattern\" : \"{other}\"");
    }

    @Test
    void tooManyOddValues_getNoCatchAll_andThePatternIsTurnedDown() {
        table("Project", 40, i -> Map.of());
        List<String> odd = List.of("none", "legacy", "unknown", "pending", "draft", "archived", "imported", "deleted", "other",
                "missing", "old", "test", "misc");
        table("Event", 40 + odd.size(), i -> Map.of("subject", s(i < 40 ? "PROJECT#" + id("Project", i) : odd.get(i - 40))));

        InferredPlan plan = infer(null, null);

        assertThat(plan.table("Event").references()).isEmpty();
        assertThat(plan.table("Event").rejected()).singleElement().satisfies(r ->
                assertThat(r.reason()).startsWith("6 of 53 values have none of the 8 commonest forms"));
    }

    @Test
    void theIdentitiesFile_withoutPools_listsTheUsersTheOwnerValuesShow_targetColumnsEmpty() {
        table("Todo", 20, i -> Map.of("owner", s(owner(i % 5))));

        IdentitiesFile.Written written = IdentitiesFile.of(infer(null, null));

        StringBuilder expected = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
        for (int u = 0; u < 5; u++) {
            expected.append(sub(u)).append(",,").append(NAMES.get(u)).append(",\n");
        }
        assertThat(written.text()).isEqualTo(expected.toString());
        assertThat(written.describe("identities.csv")).isEqualTo("wrote identities.csv: 5 source users seen in owner values, 5 with"
                + " their target_sub and target_username empty, to fill in with each one's sub and username in the target's pool;"
                + " keep the username columns unless each user's username is their sub (an email sign-in pool): subs alone,"
                + " source_sub,target_sub, serve only such pools; the file holds the users' usernames: keep it as you keep the"
                + " pools' data");
        assertThat(written.describe("identities.csv")).doesNotContain("alice");
    }

    @Test
    void theIdentitiesFile_withBothPools_holdsThePairs_theUnpairedLeftToFill_andIdentityIdColumnsWhenMapped() {
        table("Upload", 30, i -> Map.of("identityId", s(identityId(i % 6)), "owner", s(owner(i % 5))));
        List<PoolUsers.User> source = new ArrayList<>(users());
        source.set(4, new PoolUsers.User(sub(4), "erin@example.com"));
        PoolUsers.Read pools = new PoolUsers.Read("eu-west-1_Dev", source, "eu-west-1_Prod", 4,
                List.of(pair(0), pair(1), pair(2), pair(3)), List.of(new PoolPairing.Unpaired("e***@e***.com (sub " + sub(4) + ")",
                "no user of the target pool has this email")));

        IdentitiesFile.Written written = IdentitiesFile.of(infer(KnownUsers.ofPools(pools), null));

        StringBuilder expected = new StringBuilder("source_sub,target_sub,source_username,target_username,source_identity_id,"
                + "target_identity_id\n");
        for (int u = 0; u < 4; u++) {
            expected.append(sub(u)).append(',').append(targetSub(u)).append(',').append(NAMES.get(u)).append(',')
                    .append(NAMES.get(u)).append("@example.com,,\n");
        }
        expected.append(sub(4)).append(",,erin@example.com,,,\n");
        assertThat(written.text()).isEqualTo(expected.toString());
        String line = written.describe("users.csv");
        assertThat(line).isEqualTo("wrote users.csv: 5 source users of user pool eu-west-1_Dev, 4 paired by email with their users"
                + " of eu-west-1_Prod, 1 with its target_sub and target_username empty, to fill in with each one's sub and username in"
                + " the target's pool; keep the username columns unless each user's username is their sub (an email sign-in pool):"
                + " subs alone, source_sub,target_sub, serve only such pools; fill in source_identity_id,target_identity_id"
                + " (<region>:<uuid>) for each user who has identity IDs; the file holds the users' usernames: keep it as you keep"
                + " the pools' data");
        assertThat(line).doesNotContain("@example.com");
    }

    private InferredPlan infer(KnownUsers users, PlanInference.Buckets buckets) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 200, Thresholds.DEFAULT, users,
                buckets), progress::add);
    }

    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes) {
        store.createTable(model + DEV, "id", ScalarAttributeType.S);
        store.createTable(model + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(attributes.apply(i));
            item.put("id", s(id(model, i)));
            store.put(model + DEV, item);
        }
    }

    private static List<PoolUsers.User> users() {
        List<PoolUsers.User> users = new ArrayList<>();
        for (int u = 0; u < NAMES.size(); u++) {
            users.add(new PoolUsers.User(sub(u), NAMES.get(u)));
        }
        return users;
    }

    private static PoolUsers.Pair pair(int user) {
        return new PoolUsers.Pair(new PoolUsers.User(sub(user), NAMES.get(user)),
                new PoolUsers.User(targetSub(user), NAMES.get(user) + "@example.com"));
    }

    private static String owner(int user) {
        return sub(user) + "::" + NAMES.get(user);
    }

    private static String sub(int user) {
        return String.format("5ab0c0de-0000-4000-8000-%012x", user);
    }

    private static String targetSub(int user) {
        return String.format("7ab0c0de-0000-4000-8000-%012x", user);
    }

    private static String identityId(int user) {
        return String.format("us-east-1:0d0c0de0-0000-4000-8000-%012x", user);
    }

    private static String id(String model, int index) {
        return String.format("%08x", model.hashCode()) + String.format("-0000-4000-8000-%012x", index);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
