package dev.dmig.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmig.TestFeatures;
import dev.dmig.store.InMemoryItemStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class PlanCheckTest {
    private static final String S = "-dev-NONE";
    private static final String T = "-prod-NONE";

    private static MigrationPlan plan(String tables) {
        return PlanParser.parse("{\"source\": {\"tableSuffix\": \"" + S + "\"}, \"target\": {\"tableSuffix\": \"" + T
                + "\"}, \"tables\": " + tables + "}");
    }

    @Test
    void matchingTables_areReturnedAsPairs_inPlanOrder() {
        InMemoryItemStore store = new InMemoryItemStore()
                .createTable("Contacts" + S, "id", ScalarAttributeType.S)
                .createTable("Contacts" + T, "id", ScalarAttributeType.S)
                .createTable("Lines" + S, "orderId", ScalarAttributeType.S, "id", ScalarAttributeType.S)
                .createTable("Lines" + T, "orderId", ScalarAttributeType.S, "id", ScalarAttributeType.S)
                .createTable("Prefs" + S, "id", ScalarAttributeType.N)
                .createTable("Prefs" + T, "id", ScalarAttributeType.N);
        Map<String, TablePair> pairs = PlanCheck.check(plan("{\"Lines\": {}, \"Contacts\": {}, \"Prefs\": {\"ids\": \"preserve\"}, "
                + "\"Auth\": {\"skip\": true}}"), store);
        assertThat(pairs.keySet()).containsExactly("Lines", "Contacts", "Prefs");
        assertThat(pairs.get("Lines").source().name()).isEqualTo("Lines" + S);
        assertThat(pairs.get("Lines").target().name()).isEqualTo("Lines" + T);
        assertThat(store.tablesWrittenTo()).isEmpty();
    }

    @Test
    void everyTableProblem_isReportedTogether_withExactText() {
        InMemoryItemStore store = new InMemoryItemStore()
                .createTable("Contacts" + T, "id", ScalarAttributeType.S)
                .createTable("Properties" + S, "id", ScalarAttributeType.S)
                .createTable("Requests" + S, "id", ScalarAttributeType.S)
                .createTable("Requests" + T, "id", ScalarAttributeType.S, "createdAt", ScalarAttributeType.S)
                .createTable("Counters" + S, "id", ScalarAttributeType.N)
                .createTable("Counters" + T, "id", ScalarAttributeType.N);
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class, () -> PlanCheck.check(
                plan("{\"Contacts\": {}, \"Properties\": {}, \"Requests\": {}, \"Counters\": {}}"), store));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "table Contacts: source table Contacts-dev-NONE does not exist",
                "table Properties: target table Properties-prod-NONE does not exist (create it with the same key schema as "
                        + "the source, e.g. by deploying the app to the target environment)",
                "table Requests: key schemas differ: source hash id (S), target hash id (S), range createdAt (S)",
                "table Counters, attribute id: sha256 IDs must be strings, but this key attribute is of type N; "
                        + "use \"ids\": \"preserve\" for this table");
        assertThat(e.getMessage()).startsWith("4 problems, nothing was written: table Contacts: source table");
    }

    @Test
    void bothTablesMissing_reportsBoth() {
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class,
                () -> PlanCheck.check(plan("{\"Contacts\": {}}"), new InMemoryItemStore()));
        assertThat(e.problems()).hasSize(2);
    }

    @Test
    void numericIdAsSortKey_underSha256_isReported() {
        InMemoryItemStore store = new InMemoryItemStore()
                .createTable("Lines" + S, "orderId", ScalarAttributeType.S, "id", ScalarAttributeType.N)
                .createTable("Lines" + T, "orderId", ScalarAttributeType.S, "id", ScalarAttributeType.N);
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class,
                () -> PlanCheck.check(plan("{\"Lines\": {}}"), store));
        assertThat(e.problems()).extracting(Problem::toString).containsExactly("table Lines, attribute id: sha256 IDs must be "
                + "strings, but this key attribute is of type N; use \"ids\": \"preserve\" for this table");
    }

    @Test
    void skippedAndUnselectedModels_areNotChecked() {
        InMemoryItemStore store = new InMemoryItemStore()
                .createTable("Contacts" + S, "id", ScalarAttributeType.S)
                .createTable("Contacts" + T, "id", ScalarAttributeType.S);
        MigrationPlan plan = plan("{\"Contacts\": {}, \"Auth\": {\"skip\": true}, \"Other\": {}}");
        assertThat(PlanCheck.check(plan, store, List.of("Contacts")).keySet()).containsExactly("Contacts");
    }

    @Test
    void editOfANonIdKeyAttribute_isAPlanProblem() {
        InMemoryItemStore store = new InMemoryItemStore()
                .createTable("Lines" + S, "orderId", ScalarAttributeType.S, "id", ScalarAttributeType.S)
                .createTable("Lines" + T, "orderId", ScalarAttributeType.S, "id", ScalarAttributeType.S);
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class,
                () -> PlanCheck.check(plan("{\"Lines\": {\"remove\": [\"orderId\"]}}"), store));
        assertThat(e).as("removing the partition key must be refused before anything runs").isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.table()).isEqualTo("Lines");
            assertThat(p.attribute()).isEqualTo("orderId");
        });
    }

    @Test
    void removingIdentitiesWithoutAMatch_isRefusedOnKeyAttributes_only() {
        // The plan's identities are a feature's section: where the build has none, a plan cannot say onUnmatched.
        TestFeatures.assumeHas("IdentityFeature");
        InMemoryItemStore store = new InMemoryItemStore()
                .createTable("Profile" + S, "PK", ScalarAttributeType.S, "SK", ScalarAttributeType.S)
                .createTable("Profile" + T, "PK", ScalarAttributeType.S, "SK", ScalarAttributeType.S);
        String tables = "{\"Profile\": {\"idAttribute\": \"PK\", \"references\": {\"PK\": {\"pattern\": \"USER#{sub}\", "
                + "\"sub\": \"@sub\"}, \"owner\": \"@owner\"}}}";
        String removing = "{\"source\": {\"tableSuffix\": \"" + S + "\"}, \"target\": {\"tableSuffix\": \"" + T + "\"}, "
                + "\"identities\": {\"csv\": \"i.csv\", \"onUnmatched\": \"%s\"}, \"tables\": " + tables + "}";
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class,
                () -> PlanCheck.check(PlanParser.parse(removing.formatted("remove")), store));
        assertThat(e.problemLines()).containsExactly("table Profile, attribute PK: is a key attribute of Profile-dev-NONE; an "
                + "identity without a match cannot be removed from it (onUnmatched is remove): use refuse, keep, or drop (the item is left behind)");
        assertThat(PlanCheck.check(PlanParser.parse(removing.formatted("keep")), store)).containsOnlyKeys("Profile");
    }
}
