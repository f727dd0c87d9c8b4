package dev.dmig.feature.mask;

import static dev.dmig.feature.mask.MaskRewriteTest.s;
import static dev.dmig.plan.PlanProblems.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.identity.PoolUser;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Which source users a run's records name, read from its source tables that map identities (on the project's in-memory
 * store), a page at a time: owners, subs in patterns and usernames count, a table without identities is not read, and
 * a read stopped by its deadline goes on where it stopped.
 */
class NamedUsersTest {
    private static final String ANN = "a0000000-0000-4000-8000-000000000000";
    private static final String BOB = "b0000000-0000-4000-8000-000000000000";
    private static final String CY = "c0000000-0000-4000-8000-000000000000";
    private static final List<PoolUser> USERS = List.of(new PoolUser("ann", ANN, Map.of()), new PoolUser("bob", BOB, Map.of()),
            new PoolUser("cy", CY, Map.of()));

    @Test
    void theUsersTheRecordsName_readOverTwoCalls_whenTheFirstRunsOutOfTime() {
        // Its plan names the users through the identities feature's references and section, where the build has it.
        dev.dmig.TestFeatures.assumeHas("IdentityFeature");
        MigrationPlan plan = PlanParser.parse(minimal("{\"Todo\": {\"references\": {\"owner\": \"@owner\", \"key\":"
                + " {\"pattern\": \"USER#{sub}\", \"sub\": \"@sub\"}}}, \"Org\": {}}")
                .replace("\"tables\"", "\"identities\": {\"csv\": \"users.csv\"}, \"tables\""));
        InMemoryItemStore items = new InMemoryItemStore().createTable(plan.sourceTable("Todo"), "id", ScalarAttributeType.S)
                .createTable(plan.sourceTable("Org"), "id", ScalarAttributeType.S);
        for (int i = 0; i < 5; i++) {
            items.put(plan.sourceTable("Todo"), Map.of("id", s("t" + i), "owner", s(ANN + "::ann")));
        }
        items.put(plan.sourceTable("Todo"), Map.of("id", s("t5"), "key", s("USER#" + BOB)),
                Map.of("id", s("t6"), "owner", s("someone-else::x")));
        items.put(plan.sourceTable("Org"), Map.of("id", s("o1"), "owner", s(CY + "::cy")));
        InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
        NamedUsers named = new NamedUsers(artifacts, "run-1", plan, new ItemTransformer(plan).placeholders(), 2);
        // The clock moves a second each time it is asked: the first call's deadline passes after two pages.
        AtomicLong nanos = new AtomicLong();
        Deadline soon = Deadline.in(2_500, () -> nanos.getAndAdd(1_000_000_000L));

        assertThat(named.of(items, List.of("Todo", "Org"), USERS, soon)).as("out of time").isNull();
        NamedUsers.Progress kept = artifacts.getJson(RunLayout.prefix("run-1") + "mask/named-users.json", NamedUsers.Progress.class)
                .orElseThrow();
        assertThat(kept.tablesDone()).isZero();
        assertThat(kept.lastKey()).as("where the next call goes on").isNotNull();
        assertThat(kept.subs()).as("two pages of ann's todos read").containsExactly(ANN);
        assertThat(named.of(items, List.of("Todo", "Org"), USERS, Deadline.none()))
                .as("ann by owner, bob by a pattern's sub; not cy, whose Org maps no identity").containsExactly(ANN, BOB);
    }
}
