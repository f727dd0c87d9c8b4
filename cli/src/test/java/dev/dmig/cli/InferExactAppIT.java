package dev.dmig.cli;

import static dev.dmig.local.AppTables.n;
import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.TestFeatures;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan from the app, exact: an Amplify app of the test's own (boards, their uploads and posts, categories keyed by
 * numbers) declared as a Gen 1 schema and as Gen 2 model introspection ({@code exact-app/}), on DynamoDB Local and the
 * S3Proxy, in an environment whose suffix begins with {@code -hq}, as one Amplify API ID in 36 does.
 *
 * <p>Its values are what a plan read from a sample gets wrong: an upload's file key in two layouts
 * ({@code protected/<identityId>/uploads/<Upload ID>/<name>}, {@code public/boards/<Board ID>/uploads/<Upload ID>/<name>}),
 * holding IDs of two tables and identity-pool IDs; a post's {@code target}, an index's sort key, with three prefixes
 * ({@code POST#}, {@code UPLOAD#}, {@code USER#}); one post of 662 seen by {@code @everyone} where the others name a user,
 * past the first 500 items a Scan returns; posts' categories held as numbers, one of a category that is gone.
 * Introspection says {@code syncable} for every model, as codegen writes it, and no item holds DataStore's fields.
 *
 * <p>{@code infer --schema} proposes, from either form, one plan with an alternative for each shape and no catch-all;
 * {@code migrate} of it, unedited, with the team's identity map, writes every item and object the test computes on its
 * own (the spec's ID function, its own user map), without {@code _version}, and names the orphan category.
 */
class InferExactAppIT {
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank"};
    private static final int BOARDS = 4;
    private static final int UPLOADS = 24;
    /** More than the 500 items a sample reads, so that one value can lie past them. */
    private static final int POSTS = 662;
    private static final int CATEGORIES = 5;
    /** The post whose category (999) is gone. */
    private static final int ORPHAN = 7;
    private static final long GONE_CATEGORY = 999;
    /** What users call their files: dots, blanks, capitals, several extensions. */
    private static final List<String> FILE_NAMES = List.of("photo.jpg", "Quarterly report.pdf", "scan 2024.03.png", "notes.txt",
            "IMG_0001.JPG", "backup.tar.gz");
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    /** A user of the app: development's sub, username and identity-pool ID, and production's. */
    record User(String devSub, String devUsername, String devIdentityId, String prodSub, String prodUsername, String prodIdentityId) {}

    static final List<User> USERS = users();

    private static List<User> users() {
        List<User> users = new ArrayList<>();
        for (String name : NAMES) {
            String prodSub = AmplifySchemaAppIT.uuid("exact-prod-sub-" + name);
            // Production's pool signs users in by email: a username there is the user's sub.
            users.add(new User(AmplifySchemaAppIT.uuid("exact-dev-sub-" + name), name, "eu-west-1:"
                    + AmplifySchemaAppIT.uuid("exact-dev-identity-" + name), prodSub, prodSub, "eu-west-1:"
                    + AmplifySchemaAppIT.uuid("exact-prod-identity-" + name)));
        }
        return List.copyOf(users);
    }

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    /** A record's development ID. */
    private static String id(String model, int i) {
        return AmplifySchemaAppIT.uuid("exact-" + model + "-" + i);
    }

    private static User user(int i) {
        return USERS.get(i % USERS.size());
    }

    /**
     * How the app's values read on one side: development's, as the test loads them, or production's, as a run must write
     * them, computed from the test's own user map and the spec's ID function ({@link AppTables#newId}), not dmig's.
     */
    private record Side(AppTables prod) {
        static final Side DEVELOPMENT = new Side(null);

        String id(String model, int i) {
            String dev = InferExactAppIT.id(model, i);
            return prod == null ? dev : prod.newId(model, dev);
        }

        String sub(User user) {
            return prod == null ? user.devSub() : user.prodSub();
        }

        String owner(User user) {
            return prod == null ? user.devSub() + "::" + user.devUsername() : user.prodSub() + "::" + user.prodUsername();
        }

        String identityId(User user) {
            return prod == null ? user.devIdentityId() : user.prodIdentityId();
        }
    }

    /** One side's items, model by model, and Storage objects, key by key. */
    private record AppData(Map<String, List<Map<String, AttributeValue>>> items, Map<String, String> objects) {
        List<Map<String, AttributeValue>> add(String model) {
            return items.computeIfAbsent(model, m -> new ArrayList<>());
        }
    }

    /** The app as {@code side} holds it; {@code everyone}: the post seen by everyone (-1: none). */
    private static AppData data(Side side, int everyone) {
        AppData data = new AppData(new TreeMap<>(), new TreeMap<>());
        for (int i = 0; i < BOARDS; i++) {
            data.add("Board").add(record("Board", side.id("Board", i), i, "name", s("board " + i), "owner", s(side.owner(user(i)))));
        }
        for (int i = 0; i < UPLOADS; i++) {
            String upload = side.id("Upload", i);
            // Every board among each layout's uploads, every user among the protected ones: enough of each to tell.
            String board = side.id("Board", i / 2 % BOARDS);
            String name = FILE_NAMES.get(i % FILE_NAMES.size());
            String key = i % 2 == 0 ? "protected/" + side.identityId(user(i / 2)) + "/uploads/" + upload + "/" + name
                    : "public/boards/" + board + "/uploads/" + upload + "/" + name;
            data.add("Upload").add(record("Upload", upload, i, "boardId", s(board), "fileKey", s(key), "owner", s(side.owner(user(i)))));
            data.objects().put(key, "upload " + i);
        }
        for (int i = 0; i < POSTS; i++) {
            String target = switch (i % 3) {
                case 0 -> "POST#" + side.id("Post", (i + 1) % POSTS);
                case 1 -> "UPLOAD#" + side.id("Upload", i % UPLOADS);
                default -> "USER#" + side.sub(user(i / 3));
            };
            data.add("Post").add(record("Post", side.id("Post", i), i, "boardId", s(side.id("Board", i % BOARDS)), "target", s(target),
                    "audience", s(i == everyone ? "@everyone" : "USER#" + side.sub(user(i + 1))),
                    "categoryNo", n(i == ORPHAN ? GONE_CATEGORY : 1 + i % CATEGORIES), "body", s("post " + i),
                    "owner", s(side.owner(user(i + 2)))));
        }
        for (int c = 1; c <= CATEGORIES; c++) {
            Map<String, AttributeValue> category = new LinkedHashMap<>();
            category.put("categoryNo", n(c));
            category.put("__typename", s("Category"));
            category.put("name", s("category " + c));
            category.put("createdAt", s(createdAt(c)));
            category.put("updatedAt", s(createdAt(c)));
            data.add("Category").add(category);
        }
        return data;
    }

    private static String createdAt(int i) {
        return "2024-06-%02dT08:%02d:00.000Z".formatted(1 + i % 28, i % 60);
    }

    /** An item as AppSync writes it: its ID, typename and timestamps, and the given attributes. */
    private static Map<String, AttributeValue> record(String model, String id, int i, Object... attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", s(id));
        item.put("__typename", s(model));
        item.put("createdAt", s(createdAt(i)));
        item.put("updatedAt", s(createdAt(i)));
        for (int a = 0; a < attributes.length; a += 2) {
            item.put((String) attributes[a], (AttributeValue) attributes[a + 1]);
        }
        return item;
    }

    /** The identity map the team writes: each development user beside their production self, identity-pool IDs too. */
    private static String identities() {
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username,source_identity_id,target_identity_id\n");
        for (User user : USERS) {
            csv.append(String.join(",", user.devSub(), user.prodSub(), user.devUsername(), user.prodUsername(), user.devIdentityId(),
                    user.prodIdentityId())).append('\n');
        }
        return csv.toString();
    }

    /**
     * The app's tables in both environments and development's data and objects; the post seen by everyone is one the
     * first 500 items of a Scan of its table do not hold. Returns that post's number.
     */
    private static int load(AppTables app, StorageBuckets buckets) {
        app.table("Board", "id", null)
                .table("Upload", "id", null, new AppTables.Index("byBoard", "boardId", null))
                .table("Post", "id", null, new AppTables.Index("byBoard", "boardId", "target"))
                .numberKeyed("Category", "categoryNo");
        AppData dev = data(Side.DEVELOPMENT, -1);
        dev.items().forEach((model, items) -> app.load(app.source(model), items));
        dev.objects().forEach((key, text) -> buckets.put(buckets.dev, key, text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of()));
        Set<String> first = new HashSet<>();
        app.dynamoDb.scan(b -> b.tableName(app.source("Post")).limit(500)).items().forEach(item -> first.add(item.get("id").s()));
        int everyone = 0;
        while (first.contains(id("Post", everyone))) {
            everyone++;
        }
        app.load(app.source("Post"), List.of(data(Side.DEVELOPMENT, everyone).items().get("Post").get(everyone)));
        return everyone;
    }

    @Test
    void inferWithTheSchema_asGen1AndGen2_proposesEveryShape_andAnUneditedRunWritesExactlyWhatTheTestComputes(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("hqexact", false); AppTables app = new AppTables("hqexact")) {
            int everyone = load(app, buckets);
            assertThat(app.devSuffix).startsWith("-hq");
            Map<String, String> devBefore = app.digests(app.devSuffix);

            CliRun gen1 = infer(app, buckets, "--schema", fixture("gen1/schema.graphql"));
            CliRun gen2 = infer(app, buckets, "--schema", fixture("gen2/amplify_outputs.json"));
            CliRun sampled = infer(app, buckets, "--schema", fixture("gen1/schema.graphql"), "--read-whole-under", "0");

            assertThat(gen1.code()).as(gen1.err()).isZero();
            assertThat(gen2.code()).as(gen2.err()).isZero();
            assertThat(withoutComments(gen2.out())).isEqualTo(withoutComments(gen1.out()));
            JsonNode plan = Json.MAPPER.readTree(gen1.out());
            assertThat(gen1.out()).as("no catch-all: every value has a shape of its own").doesNotContain("{other}");
            assertThat(plan.at("/tables/Post/references/audience")).isEqualTo(json("[{\"pattern\": \"USER#{sub}\", \"sub\": \"@sub\"},"
                    + " {\"pattern\": \"@everyone\"}]"));
            assertThat(plan.at("/tables/Post/references/target")).hasSize(3);
            assertThat(unmapped(plan)).as("placeholders a run would copy as they are").isEmpty();
            assertThat(plan.at("/tables/Upload/files/fileKey")).hasSize(2);
            assertThat(plan.at("/tables/Post/references/categoryNo").asText()).isEqualTo("Category");
            List<JsonNode> syncables = plan.findValues("syncable");
            assertThat(syncables).as("introspection's syncable, not the data's").allSatisfy(syncable -> assertThat(syncable.asBoolean(true)).isFalse());
            assertThat(syncables.isEmpty()).as("syncable written where the build has DataStore").isEqualTo(!TestFeatures.has("DataStoreFeature"));
            assertThat(gen1.err()).containsPattern("  Post +662 +all ");
            // The first 500 items alone do not show the post seen by everyone.
            assertThat(Json.MAPPER.readTree(sampled.out()).at("/tables/Post/references/audience").toString()).doesNotContain("@everyone");
            assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);

            Path folder = Files.createDirectories(dir.resolve("exact"));
            Files.writeString(folder.resolve("identities.csv"), identities());
            Path file = Files.writeString(folder.resolve("plan.json"), gen1.out());
            String run = "exact-" + app.devSuffix.substring(1);
            CliRun analyze = dmig("analyze", "--plan", file.toString(), "--run", run + "-dry");
            CliRun migrate = dmig("migrate", "--plan", file.toString(), "--confirm", "--no-backup", "--run", run);

            assertThat(analyze.code()).as(analyze.out() + analyze.err()).isZero();
            assertThat(analyze.out()).contains("  orphan: table Post, item id=" + id("Post", ORPHAN) + ", attribute categoryNo → Category "
                    + GONE_CATEGORY + " (not among the records the run copies: not in the source, or a row left behind)");
            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertThat(migrate.out()).contains("Validation: passed — 695 items equal their transformed source, ", "(1 source orphans)");
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis(run), Analysis.class).orElseThrow();
            ReferenceAnalysis category = AppTables.table(analysis, "Post").references().stream()
                    .filter(r -> r.path().equals("categoryNo")).findFirst().orElseThrow();
            assertThat(category.values()).isEqualTo(POSTS);
            assertThat(category.orphanExamples()).containsExactly(new OrphanExample("id=" + id("Post", ORPHAN), "999"));
            AppData prod = data(new Side(app), everyone);
            for (String model : prod.items().keySet()) {
                assertThat(app.byKey(model, app.scan(app.target(model)))).as(model).isEqualTo(app.byKey(model, prod.items().get(model)));
            }
            Map<String, StorageBuckets.Stored> objects = new TreeMap<>();
            prod.objects().forEach((key, text) -> objects.put(key, stored(text)));
            assertThat(buckets.objects(buckets.prod)).isEqualTo(objects);
            assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);
        }
    }

    /** The patterns of the plan with a placeholder that maps nothing, but the file's name, which is kept. */
    private static List<String> unmapped(JsonNode plan) {
        List<String> unmapped = new ArrayList<>();
        for (JsonNode pattern : plan.findParents("pattern")) {
            java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(pattern.get("pattern").asText());
            while (placeholder.find()) {
                if (!placeholder.group(1).equals("name") && !pattern.has(placeholder.group(1))) {
                    unmapped.add(pattern.get("pattern").asText());
                }
            }
        }
        return unmapped;
    }

    private static StorageBuckets.Stored stored(String text) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b);
        }
        return new StorageBuckets.Stored(bytes, "text/plain", Map.of());
    }

    private static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String fixture(String name) {
        try {
            return Path.of(InferExactAppIT.class.getResource("/exact-app/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan as parsed JSON, every {@code comment} taken out. */
    private static JsonNode withoutComments(String plan) throws Exception {
        JsonNode tree = Json.MAPPER.readTree(plan);
        removeComments(tree);
        return tree;
    }

    private static void removeComments(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("comment");
            object.forEach(InferExactAppIT::removeComments);
        }
    }

    /** infer, the source named by its suffix as a separate argument: {@code --source-suffix -hq…}. */
    private static CliRun infer(AppTables app, StorageBuckets buckets, String... options) {
        List<String> args = new ArrayList<>(List.of("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix,
                "--source-storage-bucket", buckets.dev, "--target-storage-bucket", buckets.prod));
        args.addAll(List.of(options));
        return CliRun.of(CliRun.embeddedStack(), args.toArray(String[]::new));
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
