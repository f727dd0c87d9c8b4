package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;

import dev.dmig.cognito.CognitoLocal;
import dev.dmig.local.AppTables;
import dev.dmig.local.StorageBuckets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The small Amplify app that {@link InferAmplifyProjectIT} (as Gen 1) and {@link InferAmplifyOutputsIT} (as Gen 2) deploy
 * in two environments: projects with a cover in Storage and tasks, owned by and assigned to three users who are in
 * development's user pool by username and in production's by email (cognito-local); its tables in DynamoDB Local, its
 * two Storage buckets on the S3 server the tests start, development's records and covers loaded. What a run must write
 * to production is computed here on its own ({@link #data}), not read from dmig.
 *
 * @param dev   development, the source
 * @param prod  production, the target
 * @param users the users, in both pools
 */
record TasksApp(Env dev, Env prod, List<User> users, AppTables tables, StorageBuckets buckets) {
    /** The API's name. */
    static final String API = "tasks";
    private static final int PROJECTS = 6;
    private static final int TASKS = 18;

    /** A user in both pools: development's signs in by username, production's by email (its username is the user's sub). */
    record User(String devSub, String devUsername, String prodSub, String prodUsername) {}

    /** One environment: its name, its API's ID, its user pool and Storage bucket. */
    record Env(String name, String apiId, String userPool, String storageBucket) {}

    /** One side's items, model by model, and Storage objects (key → text). */
    record Data(Map<String, List<Map<String, AttributeValue>>> items, Map<String, String> objects) {}

    /**
     * The app, deployed as {@code dev} and {@code prod}: {@code name} keeps its pools, API IDs and buckets apart from other
     * tests'; {@code tableSuffix} is the suffix of an environment's tables after the dash ({@code <apiId>-dev} in Gen 1,
     * {@code <apiId>-NONE} in Gen 2).
     */
    static TasksApp deploy(String name, CognitoLocal cognito, Function<Env, String> tableSuffix) {
        String tag = AppTables.tag(name).toLowerCase(Locale.ROOT);
        String devPool = cognito.createPool(tag + "-dev", false);
        String prodPool = cognito.createPool(tag + "-prod", true);
        List<User> users = new ArrayList<>();
        for (String username : List.of("alice", "bob", "erin")) {
            String email = username + "@example.com";
            String[] dev = cognito.createUser(devPool, username, Map.of("email", email));
            String[] prod = cognito.createUser(prodPool, email, Map.of("email", email));
            users.add(new User(dev[1], dev[0], prod[1], prod[0]));
        }
        StorageBuckets buckets = new StorageBuckets(tag, false);
        Env dev = new Env("dev", tag + "devapi", devPool, buckets.dev);
        Env prod = new Env("prod", tag + "prodapi", prodPool, buckets.prod);
        AppTables tables = new AppTables(tableSuffix.apply(dev), tableSuffix.apply(prod)).table("Project", "id", null)
                .table("Task", "id", null, new AppTables.Index("byProject", "projectId", null));
        TasksApp app = new TasksApp(dev, prod, List.copyOf(users), tables, buckets);
        Data data = app.data(null);
        data.items().forEach((model, items) -> tables.load(tables.source(model), items));
        data.objects().forEach((key, text) -> buckets.put(buckets.dev, key, text.getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of()));
        return app;
    }

    /** An environment's identity pool, as its outputs name it in {@code region}. */
    static String identityPool(String region, Env env) {
        return region + ":" + uuid("identity-pool-" + env.name());
    }

    /**
     * The app's records and covers as development holds them ({@code prod} null), or as a run must write them to production
     * ({@code prod}: the tables, whose namespace the spec's ID function takes): new IDs, each owner and assignee the same
     * person's production identity, each cover at its project's new ID.
     */
    Data data(AppTables prod) {
        Data data = new Data(new TreeMap<>(), new TreeMap<>());
        List<Map<String, AttributeValue>> projects = data.items().computeIfAbsent("Project", m -> new ArrayList<>());
        for (int i = 0; i < PROJECTS; i++) {
            String id = id(prod, "Project", uuid("project-" + dev.apiId() + "-" + i));
            String cover = "public/projects/" + id + "/cover.jpg";
            projects.add(record("Project", id, i, "name", s("Project " + i), "owner", s(owner(i, prod != null)), "coverKey", s(cover)));
            data.objects().put(cover, "cover of project " + i);
        }
        List<Map<String, AttributeValue>> tasks = data.items().computeIfAbsent("Task", m -> new ArrayList<>());
        for (int i = 0; i < TASKS; i++) {
            User assignee = users.get((i + 1) % users.size());
            tasks.add(record("Task", id(prod, "Task", uuid("task-" + dev.apiId() + "-" + i)), i,
                    "projectId", s(id(prod, "Project", uuid("project-" + dev.apiId() + "-" + i % PROJECTS))),
                    "title", s("task " + i), "owner", s(owner(i, prod != null)),
                    "assignee", s(prod == null ? assignee.devSub() : assignee.prodSub())));
        }
        return data;
    }

    /** What production's bucket must hold after a run: each cover of {@link #data}, as development's bucket held it. */
    static Map<String, StorageBuckets.Stored> stored(Data data) {
        Map<String, StorageBuckets.Stored> objects = new TreeMap<>();
        data.objects().forEach((key, text) -> {
            List<Byte> bytes = new ArrayList<>();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                bytes.add(b);
            }
            objects.put(key, new StorageBuckets.Stored(bytes, "image/jpeg", Map.of()));
        });
        return objects;
    }

    private static String id(AppTables prod, String model, String devId) {
        return prod == null ? devId : prod.newId(model, devId);
    }

    private String owner(int i, boolean prod) {
        User user = users.get(i % users.size());
        return prod ? user.prodSub() + "::" + user.prodUsername() : user.devSub() + "::" + user.devUsername();
    }

    private static Map<String, AttributeValue> record(String model, String id, int i, Object... attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", s(id));
        item.put("__typename", s(model));
        String at = "2024-05-%02dT10:%02d:00.000Z".formatted(1 + i % 28, i % 60);
        item.put("createdAt", s(at));
        item.put("updatedAt", s(at));
        for (int a = 0; a < attributes.length; a += 2) {
            item.put((String) attributes[a], (AttributeValue) attributes[a + 1]);
        }
        return item;
    }

    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
