package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.TestFeatures;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.StorageBuckets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A masked preview made with the how-to's commands ({@code docs/preview.md}) from an Amplify Gen 1 project folder alone
 * ({@link InferAmplifyProjectIT}'s: {@link TasksApp} deployed as {@code dev} and {@code prod}): {@code dmig infer --amplify
 * … --mask} writes the plan, and {@code dmig migrate} of it, unedited but for where its key comes from, copies the whole app
 * into the other environment, every owner and assignee a user the run put in that environment's pool masked, every cover a
 * placeholder; then {@code --refresh --root} replaces the preview by one project and its tasks. Nothing of the source's
 * users (their subs, usernames, emails) is in any copied item, object key or user the runs created, and the source is as it was.
 */
class MaskedPreviewFromProjectIT {
    private static CognitoLocal cognito;

    @BeforeAll
    static void start() {
        cognito = InferAmplifyProjectIT.cognito();
    }

    @Test
    void theHowTosCommands_maskTheWholeApp_thenASliceOfIt_fromTheProjectAlone(@TempDir Path dir) throws Exception {
        TestFeatures.assumeHas("MaskFeature"); // the how-to's plan masks
        InferAmplifyProjectIT.Project project = InferAmplifyProjectIT.project(Files.createDirectories(dir.resolve("app")), "gen1mask");
        String previewPool = project.prod().userPool();
        try (AppTables tables = project.app().tables(); StorageBuckets buckets = project.app().buckets()) {
            Map<String, String> sourceBefore = tables.digests(tables.devSuffix);
            Map<String, StorageBuckets.Stored> sourceObjects = buckets.objects(buckets.dev);
            Set<String> teamUsers = usernames(previewPool);
            Path plan = dir.resolve("preview.json");

            CliRun inferred = InferAmplifyProjectIT.infer(project, "--mask", "--out", plan.toString());

            assertThat(inferred.code()).as(inferred.out() + inferred.err()).isZero();
            assertThat(inferred.err()).contains("masking (--mask): ", "coverKey → placeholder",
                    "set DMIG_MASK_KEY to a secret of at least 16 characters, then: dmig analyze --plan " + plan);
            // The key from the variable this JVM holds: the plan names it, as it may name any (docs/plan.md, mask.keyFrom).
            ObjectNode written = (ObjectNode) Json.MAPPER.readTree(Files.readString(plan));
            ((ObjectNode) written.get("mask")).put("keyFrom", "DMIG_TEST_MASK_KEY");
            Files.writeString(plan, Json.MAPPER.writeValueAsString(written));

            CliRun whole = migrate(plan, "gen1mask-whole");

            assertThat(whole.code()).as(whole.out() + whole.err()).isZero();
            int covers = tables.scan(tables.source("Project")).size();
            assertThat(whole.out()).contains("SUCCEEDED  run gen1mask-whole", ": 0 copied, " + covers + " placeholders in their stead\n",
                    "  files: " + covers + " objects equal what the run wrote in the target's bucket: 0 their source's, " + covers
                            + " placeholders\n");
            Set<String> created = createdUsers(previewPool, teamUsers);
            assertThat(created).as("the users the records name, masked").hasSize(project.app().users().size());
            assertPreview(project, tables, buckets, created, sourceObjects, covers,
                    tables.scan(tables.source("Task")).size());

            Map<String, AttributeValue> rootProject = tables.scan(tables.source("Project")).get(0);
            String root = rootProject.get("id").s();
            List<Map<String, AttributeValue>> rootTasks = tables.scan(tables.source("Task")).stream()
                    .filter(t -> t.get("projectId").s().equals(root)).toList();
            Set<String> named = new TreeSet<>(List.of(rootProject.get("owner").s().split("::")[0]));
            rootTasks.forEach(t -> named.addAll(List.of(t.get("owner").s().split("::")[0], t.get("assignee").s())));
            CliRun slice = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--refresh", "--root",
                    "Project:" + root, "--confirm", "--no-backup", "--run", "gen1mask-slice");

            assertThat(slice.code()).as(slice.out() + slice.err()).isZero();
            assertThat(slice.err()).contains("refresh: the new run's checks refuse nothing (dry run ");
            assertThat(slice.out()).as("the check's report, held").doesNotContain("(dry-run)")
                    .contains("  " + created.size() + " users the run created deleted from pool " + previewPool + "\n",
                            "ROLLED BACK  run gen1mask-whole", "SUCCEEDED  run gen1mask-slice",
                            ": 0 copied, 1 placeholder in its stead\n");
            Set<String> sliceUsers = createdUsers(previewPool, teamUsers);
            assertThat(sliceUsers).as("the users the slice names (its project's owner, its tasks' owners and assignees), masked;"
                    + " none of the earlier run's").hasSize(named.size()).doesNotContainAnyElementsOf(created);
            assertPreview(project, tables, buckets, sliceUsers, sourceObjects, 1, rootTasks.size());
            assertThat(tables.digests(tables.devSuffix)).as("the source's tables").isEqualTo(sourceBefore);
            assertThat(buckets.objects(buckets.dev)).as("the source's bucket").isEqualTo(sourceObjects);
        }
    }

    /**
     * The preview holds {@code projects} and {@code tasks}, their owners and assignees users the runs created; each cover
     * a placeholder at the key its project names; no source user's sub, username or email in any item, object key or
     * created user.
     */
    private static void assertPreview(InferAmplifyProjectIT.Project project, AppTables tables, StorageBuckets buckets,
                                      Set<String> created, Map<String, StorageBuckets.Stored> sourceObjects, int projects, int tasks) {
        List<String> sourceValues = new ArrayList<>();
        project.app().users().forEach(user -> sourceValues.addAll(List.of(user.devSub(), user.devUsername() + "@", user.devUsername()
                + "@example.com")));
        Map<String, String> subs = subsOf(project.prod().userPool(), created);
        List<Map<String, AttributeValue>> copiedProjects = tables.scan(tables.target("Project"));
        List<Map<String, AttributeValue>> copiedTasks = tables.scan(tables.target("Task"));
        assertThat(copiedProjects).hasSize(projects);
        assertThat(copiedTasks).hasSize(tasks);
        Map<String, StorageBuckets.Stored> objects = buckets.objects(buckets.prod);
        for (Map<String, AttributeValue> item : copiedProjects) {
            assertThat(subs).as("the owner of project %s", item.get("id").s()).containsKey(item.get("owner").s().split("::")[0]);
            StorageBuckets.Stored cover = objects.get(item.get("coverKey").s());
            assertThat(cover).as("the cover of project %s", item.get("id").s()).isNotNull();
            assertThat(sourceObjects.values()).as("a placeholder, not the source's bytes").noneMatch(o -> o.bytes().equals(cover.bytes()));
            assertThat(cover.bytes().subList(0, 2)).as("a JPEG").containsExactly((byte) 0xFF, (byte) 0xD8);
        }
        assertThat(objects).hasSize(projects);
        for (Map<String, AttributeValue> item : copiedTasks) {
            assertThat(subs).as("the owner of task %s", item.get("id").s()).containsKey(item.get("owner").s().split("::")[0]);
            assertThat(subs).as("the assignee of task %s", item.get("id").s()).containsKey(item.get("assignee").s());
        }
        String everything = copiedProjects + "\n" + copiedTasks + "\n" + objects.keySet() + "\n" + subs.values();
        assertThat(sourceValues).as("source values in the preview").allSatisfy(value -> assertThat(everything).doesNotContain(value));
    }

    /** The usernames of the pool's users. */
    private static Set<String> usernames(String pool) {
        Set<String> names = new TreeSet<>();
        cognito.client().listUsersPaginator(b -> b.userPoolId(pool)).users().forEach(user -> names.add(user.username()));
        return names;
    }

    /** The usernames of the pool's users but the team's own. */
    private static Set<String> createdUsers(String pool, Set<String> team) {
        Set<String> created = usernames(pool);
        created.removeAll(team);
        return created;
    }

    /** Each created user's sub → its username and attributes, as one text. */
    private static Map<String, String> subsOf(String pool, Set<String> created) {
        Map<String, String> subs = new HashMap<>();
        for (UserType user : cognito.client().listUsersPaginator(b -> b.userPoolId(pool)).users()) {
            if (created.contains(user.username())) {
                String sub = user.attributes().stream().filter(a -> a.name().equals("sub")).map(AttributeType::value).findFirst()
                        .orElseThrow();
                subs.put(sub, user.username() + " " + user.attributes());
            }
        }
        return subs;
    }

    private static CliRun migrate(Path plan, String runId) {
        return CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", runId);
    }
}
