package dev.dmig.feature.identity;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmig.Settings;
import dev.dmig.analysis.Analyzer;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunRequest;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Source users' subs that a plan maps as record IDs, a table keyed by them and a reference to it: hashed, they would name
 * no user in the target, so analysis refuses the plan, one line per table and attribute.
 */
class HashedUsersTest {
    private static final String SUB_ALICE = "0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60";
    private static final String SUB_CAROL = "2d6f4a6b-8e3c-4b2a-9f7c-3d4e5f6a7b82";
    private static final String USERS = "source_sub,target_sub,source_username,target_username\n"
            + SUB_ALICE + ",9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d,alice.smith,alice.smith\n"
            + SUB_CAROL + ",7c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f,carol,carol\n";
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "hu",
             "onConflict": "abort", "backup": false, "segments": 1,
             "identities": {"csv": "users.csv"},
             "tables": {"Profiles": {}, "Tasks": {"references": {"assignee": "Profiles"}}}}""";

    private final InMemoryItemStore items = new InMemoryItemStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Settings settings = new Settings("dmig-test-bucket", 25, 4, 4, 0, 5, 25_000, 32, 500);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void aPlanThatHashesUsersSubsAsRecordIds_isRefusedByAnalysis_namingTheTableKeyedByThemAndTheReferenceToIt() {
        for (String model : java.util.List.of("Profiles", "Tasks")) {
            items.createTable(model + "-dev", "id", ScalarAttributeType.S);
            items.createTable(model + "-prod", "id", ScalarAttributeType.S);
        }
        items.put("Profiles-dev", item("id", s(SUB_ALICE), "bio", s("roofs")), item("id", s(SUB_CAROL), "bio", s("pools")));
        items.put("Tasks-dev", item("id", s("task-0000-0001"), "assignee", s(SUB_CAROL)));
        String runId = "hashed";
        artifacts.put("config/" + runId + ".identities.csv", USERS.getBytes(StandardCharsets.UTF_8), "text/csv");
        RunRequest request = new RunRequest("full", runId, null, Json.tree(PLAN.getBytes(StandardCharsets.UTF_8)), null, null, null,
                null, true, null, null, null, false, null, "config/" + runId + ".identities.csv");
        Analyzer analyzer = new Analyzer(items, artifacts, settings, pool);

        PlanInvalidException refused = catchThrowableOfType(() -> {
            for (int call = 0; call < 100; call++) {
                if (analyzer.analyze(request, "exec-" + runId, Deadline.in(60_000)).done()) {
                    return;
                }
            }
        }, PlanInvalidException.class);

        assertThat(refused).as("refused before any write").isNotNull();
        assertThat(refused.problems()).extracting(Problem::toString).satisfiesExactly(
                id -> assertThat(id).startsWith("table Profiles, attribute id: 2 items (first: item id=" + SUB_ALICE)
                        .endsWith("map it as \"id\": \"@sub\", or keep the table's IDs (\"ids\": \"preserve\") if they only look like subs"),
                assignee -> assertThat(assignee).startsWith("table Tasks, item id=task-0000-0001, attribute assignee: holds a source user's sub")
                        .endsWith("map it as \"assignee\": \"@sub\", or list it in keepSourceValues if these IDs only look like subs"));
        assertThat(items.items("Profiles-prod")).isEmpty();
    }
}
