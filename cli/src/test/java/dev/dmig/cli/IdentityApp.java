package dev.dmig.cli;

import static dev.dmig.local.AppTables.n;
import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.TestFeatures;
import dev.dmig.local.AppTables;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The app of the identity tests, on DynamoDB Local: owners ({@code <sub>::<username>}), lists of owners, a sub in a
 * nested map, a GSI key {@code USER#<sub>}, a single-table partition key holding subs or IDs, a sort key holding IDs and
 * a composite sort-key attribute with a reference, for the users it is given; and what each item must become, by the
 * test's own map of those users and the spec's ID function ({@code SpecIds}), never dmig's.
 */
final class IdentityApp {
    static final int TODOS = 48;
    static final int PROJECTS = 6;
    static final int TASKS = 30;
    static final int ORDERS = 24;
    static final List<String> MODELS = List.of("Todo", "Project", "Task", "App");
    /** The plan's tables: every kind of identity and composite value the app holds. */
    static final String TABLES = """
            "tables": {
               "Todo": {"references": {"owner": "@owner", "editors[]": "@owner", "meta.createdBy": "@sub",
                                       "ownerKey": {"pattern": "USER#{sub}", "sub": "@sub"}}},
               "Project": {"references": {"owner": "@owner"}},
               "Task": {"references": {"projectId": "Project",
                                       "projectId#createdAt": {"pattern": "{projectId}#{createdAt}", "projectId": "Project"}}},
               "App": {"idAttribute": "PK",
                       "references": {
                         "PK": [{"pattern": "USER#{sub}", "sub": "@sub"}, {"pattern": "ORG#{org}", "org": "App"}],
                         "SK": [{"pattern": "ORDER#{order}", "order": "App"}, {"pattern": "PROFILE"}],
                         "GSI1PK": {"pattern": "USER#{sub}", "sub": "@sub"}}}}""";

    /** A development user and the production user they are (null: none). */
    record User(String devSub, String devUsername, String prodSub, String prodUsername) {
        String devOwner() {
            return devSub + "::" + devUsername;
        }
    }

    /** The users, those with a production match first; the last {@code unmatched} have none. */
    final List<User> users;

    IdentityApp(List<User> users) {
        this.users = List.copyOf(users);
    }

    /** The tables, with the records of the first {@code owners} users. */
    AppTables tables(String name, int owners) {
        AppTables app = new AppTables(name)
                .table("Todo", "id", null, new AppTables.Index("byOwner", "ownerKey", null))
                .table("Project", "id", null)
                .table("Task", "id", null, new AppTables.Index("byProject", "projectId", "projectId#createdAt"))
                .table("App", "PK", "SK", new AppTables.Index("GSI1", "GSI1PK", "SK"));
        List<Map<String, AttributeValue>> todos = new ArrayList<>();
        for (int i = 0; i < TODOS; i++) {
            User user = users.get(i % owners);
            todos.add(Map.of("id", s("todo-" + i), "owner", s(user.devOwner()),
                    "editors", AttributeValue.fromL(List.of(s(users.get((i + 1) % owners).devOwner()), s(users.get((i + 2) % owners).devSub()))),
                    "meta", AttributeValue.fromM(Map.of("createdBy", s(user.devSub()), "via", s("web"))),
                    "ownerKey", s("USER#" + user.devSub()), "_version", n(1 + i % 4), "_lastChangedAt", n(1_700_000_000_000L + i)));
        }
        app.load(app.source("Todo"), todos);
        List<Map<String, AttributeValue>> projects = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            projects.add(Map.of("id", s("p-" + i), "owner", s(users.get(i % Math.min(3, owners)).devOwner())));
        }
        app.load(app.source("Project"), projects);
        List<Map<String, AttributeValue>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String createdAt = "2024-06-01T08:00:%02d.000Z".formatted(i);
            tasks.add(Map.of("id", s("task-" + i), "projectId", s("p-" + i % PROJECTS), "createdAt", s(createdAt),
                    "projectId#createdAt", s("p-" + i % PROJECTS + "#" + createdAt)));
        }
        app.load(app.source("Task"), tasks);
        List<Map<String, AttributeValue>> single = new ArrayList<>();
        for (int user = 0; user < owners; user++) {
            single.add(Map.of("PK", s("USER#" + users.get(user).devSub()), "SK", s("PROFILE"), "name", s(users.get(user).devUsername())));
        }
        for (int i = 0; i < ORDERS; i++) {
            single.add(Map.of("PK", s("ORG#o-" + i % 4), "SK", s("ORDER#n-" + i), "GSI1PK", s("USER#" + users.get(i % owners).devSub())));
        }
        app.load(app.source("App"), single);
        return app;
    }

    /** The test's own map of an identity value: the production user's, or null for a user without one. */
    String mapped(String value) {
        for (User user : users) {
            if (user.prodSub() == null) {
                continue;
            }
            if (value.equals(user.devOwner())) {
                return user.prodSub() + "::" + user.prodUsername();
            }
            if (value.equals(user.devSub())) {
                return user.prodSub();
            }
        }
        return null;
    }

    /**
     * What a source item must become, by the test's map, the spec's ID function and the run's start (a todo's DataStore
     * fields, where the build has DataStore); {@code keep}: the unmatched stay.
     */
    Map<String, AttributeValue> expected(AppTables app, String model, Map<String, AttributeValue> source, boolean keep, long started) {
        Map<String, AttributeValue> item = new HashMap<>(source);
        switch (model) {
            case "Todo" -> {
                item.put("id", s(app.newId("Todo", source.get("id").s())));
                putIdentity(item, "owner", source.get("owner").s(), keep);
                List<AttributeValue> editors = new ArrayList<>();
                source.get("editors").l().forEach(e -> {
                    String value = mapped(e.s());
                    if (value != null || keep) {
                        editors.add(s(value != null ? value : e.s()));
                    }
                });
                item.put("editors", AttributeValue.fromL(editors));
                Map<String, AttributeValue> meta = new HashMap<>(source.get("meta").m());
                putIdentity(meta, "createdBy", meta.get("createdBy").s(), keep);
                item.put("meta", AttributeValue.fromM(meta));
                String sub = source.get("ownerKey").s().substring("USER#".length());
                if (mapped(sub) != null || keep) {
                    item.put("ownerKey", s("USER#" + (mapped(sub) != null ? mapped(sub) : sub)));
                } else {
                    item.remove("ownerKey");
                }
                if (TestFeatures.has("DataStoreFeature")) {
                    item.put("_version", n(1));
                    item.put("_lastChangedAt", n(started));
                }
            }
            case "Project" -> {
                item.put("id", s(app.newId("Project", source.get("id").s())));
                putIdentity(item, "owner", source.get("owner").s(), keep);
            }
            case "Task" -> {
                item.put("id", s(app.newId("Task", source.get("id").s())));
                String project = app.newId("Project", source.get("projectId").s());
                item.put("projectId", s(project));
                item.put("projectId#createdAt", s(project + "#" + source.get("createdAt").s()));
            }
            default -> {
                item.put("PK", s(key(app, source.get("PK").s())));
                item.put("SK", s(key(app, source.get("SK").s())));
                if (source.containsKey("GSI1PK")) {
                    item.put("GSI1PK", s(key(app, source.get("GSI1PK").s())));
                }
            }
        }
        return item;
    }

    private void putIdentity(Map<String, AttributeValue> item, String attribute, String value, boolean keep) {
        String mapped = mapped(value);
        if (mapped != null) {
            item.put(attribute, s(mapped));
        } else if (!keep) {
            item.remove(attribute);
        }
    }

    /** {@code USER#<sub>} with the production sub (an unmatched one kept), {@code TYPE#<id>} with the ID mapped, {@code PROFILE} as it is. */
    private String key(AppTables app, String value) {
        int hash = value.indexOf('#');
        if (hash < 0) {
            return value;
        }
        String rest = value.substring(hash + 1);
        if (value.startsWith("USER#")) {
            return "USER#" + (mapped(rest) != null ? mapped(rest) : rest);
        }
        return value.substring(0, hash + 1) + app.newId("App", rest);
    }

    /** Every target table of {@code models} holds exactly its source items as the test maps them. */
    void assertMapped(AppTables app, ArtifactStore artifacts, List<String> models, String runId, boolean keep) {
        long started = Instant.parse(artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow().createdAt())
                .toEpochMilli();
        for (String model : models) {
            List<Map<String, AttributeValue>> want = new ArrayList<>();
            app.scan(app.source(model)).forEach(source -> want.add(expected(app, model, source, keep, started)));
            assertThat(app.byKey(model, app.scan(app.target(model)))).as("target table %s", model).isEqualTo(app.byKey(model, want));
        }
    }
}
