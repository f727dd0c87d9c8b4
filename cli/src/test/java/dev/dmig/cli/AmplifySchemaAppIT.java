package dev.dmig.cli;

import static dev.dmig.local.AppTables.n;
import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.TestFeatures;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.S3ArtifactStore;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An Amplify app of the test's own (projects, tasks, comments, tags, teams, user profiles, Storage covers and avatars,
 * DataStore's sync table) declared by its schema, as a Gen 1 API folder and as Gen 2 model introspection
 * ({@code amplify-app/}: the infer module's fixture app with two Storage keys added), on DynamoDB Local and the S3Proxy.
 *
 * <p>With the schema, {@code dmig infer} proposes exactly, table by table, the relationships' references, the owner fields'
 * identity references with their claims ({@code @owner}, {@code @sub}), the profile table keyed by its users' subs
 * ({@code "id": "@sub"}, {@code onUnmatched: drop}), the composite key holding a project ID as a pattern (and the one
 * holding none left alone), {@code syncable} for the models with conflict detection, the sync table's skip, and the file
 * patterns the bucket shows; Gen 1 and Gen 2 give the same plan. A run of it, with the team's identity map, writes every
 * item and object the test computes on its own (the spec's ID function, its own user map), leaves the tester's profile
 * behind, and touches neither development nor production's sync table.
 *
 * <p>Without the schema, the data alone cannot see that the teams' admins (operators who own no record and have no
 * profile) are users' subs, nor that comments whose projects were deleted still hold Project IDs (too many orphans for a
 * reference): the run of that plan copies development's values, validation names each attribute that holds them, and the
 * run is rolled back, production as it was. (That plan's other difference, profiles given new IDs and the subs that name
 * them mapped as references to those IDs rather than to production's subs, leaves no development value behind:
 * validation does not see it, and this test does not claim it.)
 */
class AmplifySchemaAppIT {
    /** Whether the build has DataStore's feature: without it, infer proposes no {@code syncable} and a run copies its fields as they are. */
    private static final boolean DATASTORE = TestFeatures.has("DataStoreFeature");
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank"};
    private static final int PROJECTS = 8;
    private static final int TASKS = 36;
    private static final int COMMENTS = 24;
    /** Comments from this one on are on deleted projects (3 of them): 3 orphans of 11 values, too many for the data alone. */
    private static final int COMMENTS_ON_LIVE_PROJECTS = 18;
    private static final int TAGS = 6;
    private static final int PROJECT_TAGS = 12;
    private static final int TEAMS = 4;
    private static final int SYNC_ROWS = 6;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "DONE"};
    /** The example item a line naming an attribute gives. */
    private static final Pattern EXAMPLE = Pattern.compile("\\(first: item id=([0-9a-f-]{36})\\)");
    /** A refusal's line of one table and attribute: its one item, or its count and first items. */
    private static final Pattern HASHED = Pattern.compile("table (\\w+), (?:item [^,]+, )?attribute (\\S+): (?:[\\d,]+ items \\(first:"
            + " [^)]*\\): )?holds a source user's sub, which the plan hashes as an ID of UserProfile");
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    /** A user of the app: development's sub, username and identity-pool ID, and production's (null: no production user). */
    record User(String devSub, String devUsername, String devIdentityId, String prodSub, String prodUsername, String prodIdentityId) {}

    /** The app's users, who own its records. */
    static final List<User> USERS = users(NAMES);
    /** Operators who administer the teams: they own no record and have no profile. */
    static final List<User> OPERATORS = users("grace", "heidi");
    /** A development account with a profile and nothing else, which production has no user for. */
    static final User TESTER = new User(uuid("dev-sub-tester"), "tester", "eu-west-1:" + uuid("dev-identity-tester"), null, null, null);

    private static List<User> users(String... names) {
        List<User> users = new ArrayList<>();
        for (String name : names) {
            String prodSub = uuid("prod-sub-" + name);
            // Production's pool signs users in by email: a username there is the user's sub.
            users.add(new User(uuid("dev-sub-" + name), name, "eu-west-1:" + uuid("dev-identity-" + name), prodSub, prodSub,
                    "eu-west-1:" + uuid("prod-identity-" + name)));
        }
        return List.copyOf(users);
    }

    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A record's development ID. */
    static String id(String model, int i) {
        return uuid(model + "-" + i);
    }

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    /**
     * How the app's values read on one side: development's, as the test loads them, or production's, as a run of the
     * schema's plan must write them, computed here from the test's own user map and the ID function written from the spec
     * ({@link AppTables#newId}), not dmig's.
     */
    private record Side(AppTables prod, long runStart) {
        static final Side DEVELOPMENT = new Side(null, 0);

        boolean dev() {
            return prod == null;
        }

        String id(String model, String devId) {
            return dev() ? devId : prod.newId(model, devId);
        }

        String sub(User user) {
            return dev() ? user.devSub() : user.prodSub();
        }

        String owner(User user) {
            return dev() ? user.devSub() + "::" + user.devUsername() : user.prodSub() + "::" + user.prodUsername();
        }

        String identityId(User user) {
            return dev() ? user.devIdentityId() : user.prodIdentityId();
        }

        /**
         * A DataStore row: in development as AppSync wrote it (or without its fields, written by a script); in production
         * reset, version 1 at the run's start, a row without them too (its model syncs), where the build has DataStore, and
         * as in development where it has not.
         */
        Map<String, AttributeValue> synced(Map<String, AttributeValue> item, int i, boolean byAppSync) {
            Map<String, AttributeValue> synced = new LinkedHashMap<>(item);
            if (!dev() && DATASTORE) {
                synced.put("_version", n(1));
                synced.put("_lastChangedAt", n(runStart));
            } else if (byAppSync) {
                synced.put("_version", n(1 + i % 3));
                synced.put("_lastChangedAt", n(lastChangedAt(i)));
            }
            return synced;
        }
    }

    /** A Storage object as the app stores it. */
    private record StoredFile(String text, String contentType) {
        byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        StorageBuckets.Stored stored() {
            List<Byte> bytes = new ArrayList<>();
            for (byte b : bytes()) {
                bytes.add(b);
            }
            return new StorageBuckets.Stored(bytes, contentType, Map.of());
        }
    }

    /** One side's items, model by model, and Storage objects, key by key. */
    private record AppData(Map<String, List<Map<String, AttributeValue>>> items, Map<String, StoredFile> objects) {
        List<Map<String, AttributeValue>> add(String model) {
            return items.computeIfAbsent(model, m -> new ArrayList<>());
        }
    }

    /** The app's records and objects as {@code side} holds them: the same data every time. */
    private static AppData data(Side side) {
        AppData data = new AppData(new TreeMap<>(), new TreeMap<>());
        for (User user : USERS) {
            String avatar = "protected/" + side.identityId(user) + "/avatar.png";
            data.add("UserProfile").add(record("UserProfile", side.sub(user), 0, "displayName", s(user.devUsername()),
                    "avatarKey", s(avatar)));
            data.objects().put(avatar, new StoredFile("avatar of " + user.devUsername(), "image/png"));
        }
        if (side.dev()) {
            // Left behind by the run: production has no user for it (onUnmatched: drop).
            data.add("UserProfile").add(record("UserProfile", TESTER.devSub(), 0, "displayName", s("tester")));
        }
        for (int i = 0; i < PROJECTS; i++) {
            String project = side.id("Project", id("Project", i));
            String cover = "public/projects/" + project + "/cover.jpg";
            data.add("Project").add(record("Project", project, i, "name", s("Project " + i), "owner", s(side.owner(user(i))),
                    "lead", s(side.sub(user(i + 1))), "members", list(s(side.sub(user(i + 2))), s(side.sub(user(i + 3)))),
                    "coverKey", s(cover)));
            data.objects().put(cover, new StoredFile("cover " + i, "image/jpeg"));
        }
        tasks(side, data);
        others(side, data);
        return data;
    }

    private static void tasks(Side side, AppData data) {
        for (int i = 0; i < TASKS; i++) {
            String project = side.id("Project", id("Project", i % PROJECTS));
            String createdAt = createdAt(i);
            String status = STATUSES[i % STATUSES.length];
            Map<String, AttributeValue> task = record("Task", side.id("Task", id("Task", i)), i, "projectId", s(project),
                    "title", s("task " + i), "status", s(status), "status#createdAt", s(status + "#" + createdAt),
                    "assignee", s(side.sub(user(i + 1))), "projectId#createdAt", s(project + "#" + createdAt),
                    "editors", list(s(side.owner(user(i + 2))), s(side.owner(user(i + 3)))),
                    "updatedBy", s(side.sub(user(i + 4))), "owner", s(side.owner(user(i))));
            // Task 0 was written by a script, outside AppSync: no DataStore fields.
            data.add("Task").add(side.synced(task, i, i != 0));
        }
    }

    private static void others(Side side, AppData data) {
        for (int i = 0; i < COMMENTS; i++) {
            String project = i < COMMENTS_ON_LIVE_PROJECTS ? id("Project", i % PROJECTS) : id("Project", 100 + i % 3);
            data.add("Comment").add(side.synced(record("Comment", side.id("Comment", id("Comment", i)), i, "body", s("comment " + i),
                    "projectCommentsId", s(side.id("Project", project)), "owner", s(side.owner(user(i + 5)))), i, true));
        }
        for (int i = 0; i < TAGS; i++) {
            data.add("Tag").add(record("Tag", side.id("Tag", id("Tag", i)), i, "label", s("tag " + i)));
        }
        for (int i = 0; i < PROJECT_TAGS; i++) {
            data.add("ProjectTags").add(record("ProjectTags", side.id("ProjectTags", id("ProjectTags", i)), i,
                    "projectId", s(side.id("Project", id("Project", i % PROJECTS))), "tagId", s(side.id("Tag", id("Tag", i % TAGS))),
                    "owner", s(side.owner(user(i)))));
        }
        for (int i = 0; i < TEAMS; i++) {
            data.add("Team").add(record("Team", side.id("Team", id("Team", i)), i, "name", s("team " + i),
                    "admins", list(s(side.sub(OPERATORS.get(i % 2))), s(side.sub(OPERATORS.get((i + 1) % 2))))));
        }
        if (side.dev()) {
            for (int i = 1; i <= SYNC_ROWS; i++) {
                data.add("AmplifyDataStore").add(Map.of("ds_pk", s("Task"), "ds_sk", s(lastChangedAt(i) + ":" + id("Task", i) + ":"
                        + (1 + i % 3)), "id", s(id("Task", i)), "_version", n(1 + i % 3), "_lastChangedAt", n(lastChangedAt(i)),
                        "_ttl", n(1_900_000_000L + i)));
            }
        }
    }

    /** The app's tables in both environments, development's data and Storage objects, and production's own sync row. */
    private static AppTables app(String name, StorageBuckets buckets) {
        AppTables app = new AppTables(name)
                .table("UserProfile", "id", null)
                .table("Project", "id", null)
                .table("Task", "id", null, new AppTables.Index("byProject", "projectId", null),
                        new AppTables.Index("byStatus", "projectId", "status#createdAt"),
                        new AppTables.Index("byAssignee", "assignee", "projectId#createdAt"))
                .table("Comment", "id", null, new AppTables.Index("gsi-Project.comments", "projectCommentsId", null))
                .table("Tag", "id", null)
                .table("ProjectTags", "id", null, new AppTables.Index("byProject", "projectId", null),
                        new AppTables.Index("byTag", "tagId", null))
                .table("Team", "id", null)
                .table("AmplifyDataStore", "ds_pk", "ds_sk");
        AppData dev = data(Side.DEVELOPMENT);
        dev.items().forEach((model, items) -> app.load(app.source(model), items));
        dev.objects().forEach((key, file) -> buckets.put(buckets.dev, key, file.bytes(), file.contentType(), Map.of()));
        app.load(app.target("AmplifyDataStore"), List.of(Map.of("ds_pk", s("Task"), "ds_sk", s("1717999999999:prod-task:1"),
                "id", s("prod-task"), "_version", n(1), "_lastChangedAt", n(1_717_999_999_999L))));
        return app;
    }

    private static User user(int i) {
        return USERS.get(i % USERS.size());
    }

    private static AttributeValue list(AttributeValue... values) {
        return AttributeValue.fromL(List.of(values));
    }

    private static String createdAt(int i) {
        return "2024-06-%02dT08:%02d:00.000Z".formatted(1 + i % 28, i % 60);
    }

    private static long lastChangedAt(int i) {
        return 1_717_000_000_000L + i * 1000L;
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

    static Path fixture(String name) {
        try {
            return Path.of(AmplifySchemaAppIT.class.getResource("/amplify-app/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity map the team writes: each development user beside their production self, the tester left out. */
    static String identities() {
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username,source_identity_id,target_identity_id\n");
        List<User> all = new ArrayList<>(USERS);
        all.addAll(OPERATORS);
        for (User user : all) {
            csv.append(String.join(",", user.devSub(), user.prodSub(), user.devUsername(), user.prodUsername(), user.devIdentityId(),
                    user.prodIdentityId())).append('\n');
        }
        return csv.toString();
    }

    /** The plan the schema implies for this app and its data, comments aside. */
    private static final String SCHEMA_PLAN = """
            {"source": {"tableSuffix": "%1$s", "storageBucket": "%2$s", "endpoint": "%5$s", "storageEndpoint": "%6$s"},
             "target": {"tableSuffix": "%3$s", "storageBucket": "%4$s", "endpoint": "%5$s", "storageEndpoint": "%6$s"},
             "identities": {"csv": "identities.csv"},
             "tables": {
               "AmplifyDataStore": {"skip": true},
               "Tag": {"syncable": false},
               "Team": {"syncable": false, "references": {"admins[]": "@sub"}},
               "UserProfile": {"syncable": false, "onUnmatched": "drop", "references": {"id": "@sub"},
                 "files": {"avatarKey": {"format": "key", "pattern": "protected/{identityId}/avatar.png", "identityId": "@identityId"}}},
               "Project": {"syncable": false, "references": {"lead": "@sub", "members[]": "@sub", "owner": "@owner"},
                 "files": {"coverKey": {"format": "key", "pattern": "public/projects/{projectId}/cover.jpg", "projectId": "Project"}}},
               "Comment": {"syncable": true, "references": {"owner": "@owner", "projectCommentsId": "Project"}},
               "ProjectTags": {"syncable": false, "references": {"owner": "@owner", "projectId": "Project", "tagId": "Tag"}},
               "Task": {"syncable": true, "references": {"assignee": "@sub", "editors[]": "@owner", "owner": "@owner",
                 "projectId": "Project", "projectId#createdAt": {"pattern": "{projectId}#{createdAt}", "projectId": "Project"},
                 "updatedBy": "@sub"}}}}
            """;

    @Test
    void withTheSchema_asGen1AndGen2_inferProposesWhatTheAppDeclares_andARunOfItWritesExactlyWhatTheTestComputes(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("schemaapp", false); AppTables app = app("schemaapp", buckets)) {
            Map<String, String> devBefore = app.digests(app.devSuffix);
            Map<String, String> prodBefore = app.digests(app.prodSuffix);
            Map<String, StorageBuckets.Stored> devObjects = buckets.objects(buckets.dev);

            CliRun gen1 = infer(app, buckets, "--schema", fixture("gen1").toString());
            CliRun gen2 = infer(app, buckets, "--schema", fixture("gen2/amplify_outputs.json").toString());

            assertThat(gen1.code()).as(gen1.err()).isZero();
            assertThat(gen2.code()).as(gen2.err()).isZero();
            JsonNode expected = Json.MAPPER.readTree(SCHEMA_PLAN.formatted(app.devSuffix, buckets.dev, app.prodSuffix, buckets.prod,
                    SharedStack.stack().dynamoDbEndpoint(), SharedStack.stack().s3Endpoint()));
            if (!DATASTORE) {
                expected.get("tables").forEach(table -> ((ObjectNode) table).remove("syncable"));
            }
            assertThat(withoutComments(gen1.out())).isEqualTo(expected);
            assertThat(withoutComments(gen2.out())).isEqualTo(expected);
            JsonNode task = Json.MAPPER.readTree(gen1.out()).at("/tables/Task/comment");
            assertThat(task.asText()).contains("status#createdAt joins status, createdAt (@index(name: \"byStatus\", sortKeyFields:"
                    + " [\"status\", \"createdAt\"]) on Task.projectId): no IDs in it, copied as it is");
            assertThat(gen1.err()).contains("  Comment: projectCommentsId: the schema says it holds Project IDs (",
                    "but only 8 of 11 sampled values (72.7%) are");
            assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);

            Path folder = Files.createDirectories(dir.resolve("schema"));
            Files.writeString(folder.resolve("identities.csv"), identities());
            Path plan = Files.writeString(folder.resolve("plan.json"), gen1.out());
            String run = "schemaapp-" + app.devSuffix.substring(1);
            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", run);

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertThat(migrate.lastLine()).startsWith("SUCCEEDED  run " + run + " (full): ");
            assertThat(migrate.out()).contains("  warning: table UserProfile: 1 item is left behind, each holding an identity with no"
                    + " match in identities.csv (onUnmatched: drop); references to them will dangle (e.g. id=" + TESTER.devSub() + ")");
            AppData prod = data(new Side(app, started(run)));
            for (String model : prod.items().keySet()) {
                assertThat(app.byKey(model, app.scan(app.target(model)))).as(model).isEqualTo(app.byKey(model, prod.items().get(model)));
            }
            Map<String, StorageBuckets.Stored> objects = new TreeMap<>();
            prod.objects().forEach((key, file) -> objects.put(key, file.stored()));
            assertThat(buckets.objects(buckets.prod)).isEqualTo(objects);
            assertThat(app.digests(app.prodSuffix).get("AmplifyDataStore")).as("production's sync table, untouched")
                    .isEqualTo(prodBefore.get("AmplifyDataStore"));
            assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devObjects);
        }
    }

    @Test
    void withoutTheSchema_analysisRefusesTheSubsTakenForIds_andWithThoseMapped_validationNamesWhatStillHoldsDevValues_andRollsBack(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("shapeapp", false); AppTables app = app("shapeapp", buckets)) {
            Map<String, String> devBefore = app.digests(app.devSuffix);
            Map<String, String> prodBefore = app.digests(app.prodSuffix);
            Map<String, StorageBuckets.Stored> devObjects = buckets.objects(buckets.dev);

            CliRun shape = infer(app, buckets);

            assertThat(shape.code()).as(shape.err()).isZero();
            Map<String, Map<String, String>> references = InferIT.references(PlanParser.parse(shape.out()));
            assertThat(references.get("Team")).as("operators' subs, which no owner value shows").isEmpty();
            assertThat(references.get("Comment")).as("too many orphans for the data alone").isEqualTo(Map.of("owner", "@owner"));

            Path folder = Files.createDirectories(dir.resolve("shape"));
            Files.writeString(folder.resolve("identities.csv"), identities());
            Path plan = Files.writeString(folder.resolve("plan.json"), shape.out());
            String run = "shapeapp-" + app.devSuffix.substring(1);
            CliRun refused = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", run + "-refused");

            // Users' subs taken for UserProfile's record IDs: hashed, they would name no user; refused before any write.
            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCode.INVALID);
            assertThat(hashed(refused.out())).isNotEmpty().isSubsetOf("UserProfile.id", "Project.lead", "Project.members[]",
                    "Task.assignee", "Task.updatedBy");
            // Said once per table and attribute, never once per item.
            assertThat(refused.out().lines().filter(l -> HASHED.matcher(l).find()).count()).isEqualTo(hashed(refused.out()).size());
            assertThat(app.digests(app.prodSuffix)).isEqualTo(prodBefore);
            // The user maps them as analysis says (and leaves the tester's profile behind, as the schema's plan does).
            ObjectNode edited = (ObjectNode) Json.MAPPER.readTree(shape.out());
            ObjectNode tables = (ObjectNode) edited.get("tables");
            ((ObjectNode) tables.get("UserProfile")).put("onUnmatched", "drop");
            ((ObjectNode) tables.get("UserProfile")).withObject("/references").put("id", "@sub");
            ((ObjectNode) tables.get("Project")).withObject("/references").put("lead", "@sub").put("members[]", "@sub");
            ((ObjectNode) tables.get("Task")).withObject("/references").put("assignee", "@sub").put("updatedBy", "@sub");
            Files.writeString(plan, Json.MAPPER.writeValueAsString(edited));
            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", run);

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.FAILED);
            // The copy is what the plan says: only the values it left as they are fail the run.
            assertThat(migrate.out()).contains("Validation: FAILED — 96 items equal their transformed source, ");
            List<String> comments = new ArrayList<>();
            for (int i = 0; i < COMMENTS_ON_LIVE_PROJECTS; i++) {
                comments.add(app.newId("Comment", id("Comment", i)));
            }
            List<String> teams = new ArrayList<>();
            for (int i = 0; i < TEAMS; i++) {
                teams.add(app.newId("Team", id("Team", i)));
            }
            assertThat(findings(migrate.out())).containsExactlyInAnyOrder(
                    "  table Comment, attribute projectCommentsId: 18 values are source IDs of Project; the plan does not map this"
                            + " attribute (first: item id=…); map it in the plan, or list it in the table's keepSourceValues to copy it"
                            + " as it is",
                    "  table Team, attribute admins[]: 8 values are source users' subs; the plan does not map this attribute (first:"
                            + " item id=…); map it in the plan, or list it in the table's keepSourceValues to copy it as it is");
            assertThat(comments).contains(example(migrate.out(), "projectCommentsId"));
            assertThat(teams).contains(example(migrate.out(), "admins[]"));
            assertThat(migrate.out()).contains("Rollback: 96 created items deleted, 0 overwritten items restored, 14 created objects"
                    + " deleted, 0 overwritten objects restored");
            assertThat(migrate.lastLine()).isEqualTo("ROLLED BACK  run " + run + " (full): ValidationFailed: the target does not match"
                    + " the transformed source, still names the source's users or records, or does not name what the source named; the run's report"
                    + " names each difference");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(prodBefore);
            assertThat(buckets.objects(buckets.prod)).as("the objects the run wrote, deleted").isEmpty();
            assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devObjects);
        }
    }

    /** The attributes, {@code Model.path}, of the problems listed for users' subs a plan hashes as record IDs. */
    private static Set<String> hashed(String out) {
        Set<String> attributes = new TreeSet<>();
        Matcher matcher = HASHED.matcher(out);
        while (matcher.find()) {
            attributes.add(matcher.group(1) + "." + matcher.group(2));
        }
        return attributes;
    }

    /** The lines naming an attribute that holds the source's values, each with its example item's ID written {@code …}. */
    private static List<String> findings(String out) {
        return out.lines().filter(l -> l.startsWith("  table ")).map(l -> EXAMPLE.matcher(l).replaceFirst("(first: item id=…)")).toList();
    }

    /** The example item's ID of the line naming {@code attribute}. */
    private static String example(String out, String attribute) {
        String line = out.lines().filter(l -> l.contains(", attribute " + attribute + ": ")).findFirst().orElseThrow();
        Matcher matcher = EXAMPLE.matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return matcher.group(1);
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
            object.forEach(AmplifySchemaAppIT::removeComments);
        }
    }

    private static long started(String runId) {
        return Instant.parse(ARTIFACTS.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow().createdAt()).toEpochMilli();
    }

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
