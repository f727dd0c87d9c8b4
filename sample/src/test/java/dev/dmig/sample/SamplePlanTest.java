package dev.dmig.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplePlanTest {

    private static final PlanFile PLAN = PlanFile.shipped();

    @Test
    void plan_listsExactlyTheSchemaModels() {
        assertThat(PLAN.tables().keySet()).containsExactlyElementsOf(SampleSchema.models());
    }

    @Test
    void plan_targetsTheDemoEnvironments() {
        assertThat(PLAN.root().at("/source/tableSuffix").asText()).isEqualTo(SamplePlan.DEV_SUFFIX)
                .isEqualTo("-fvn7t5hbobaxjklhrqzdl4ac34-NONE");
        assertThat(PLAN.root().at("/target/tableSuffix").asText()).isEqualTo(SamplePlan.PROD_SUFFIX)
                .isEqualTo("-aqnqdrctpzfwfjwyxxsmu6peoq-NONE");
        assertThat(PLAN.root().get("idNamespace").asText()).isEqualTo(SamplePlan.ID_NAMESPACE)
                .isEqualTo("aqnqdrctpzfwfjwyxxsmu6peoq-NONE");
        assertThat(PLAN.root().get("onConflict").asText()).isEqualTo("abort");
    }

    @Test
    void plan_usesOnlyKeysOfThePlanFormat() {
        Set<String> topLevel = Set.of("source", "target", "idNamespace", "onConflict", "identities", "tables");
        Set<String> perTable = Set.of("references", "ids", "idAttribute", "skip", "set", "remove", "rename", "unique");
        assertThat(toSet(PLAN.root().fieldNames())).isSubsetOf(topLevel);
        PLAN.tables().values().forEach(t -> assertThat(toSet(t.raw().fieldNames())).as(t.model()).isSubsetOf(perTable));
    }

    @Test
    void authIsSkipped_andConfigTablesKeepTheirIds() {
        assertThat(PLAN.tables().values().stream().filter(PlanFile.TableEntry::skip).map(PlanFile.TableEntry::model))
                .containsExactly("Auth");
        assertThat(PLAN.tables().values().stream().filter(PlanFile.TableEntry::preserveIds).map(PlanFile.TableEntry::model))
                .containsExactly("AppPreferences", "SecureConfig");
        assertThat(PLAN.table("SecureConfig").idAttribute()).isEqualTo("key");
        assertThat(SampleSchema.table("SecureConfig").keyAttributes()).containsExactly("key");
    }

    @Test
    void idAttribute_isEachTablesHashKey() {
        PLAN.tables().values().forEach(t ->
                assertThat(SampleSchema.table(t.model()).hashKey().name()).as(t.model()).isEqualTo(t.idAttribute()));
    }

    @Test
    void referencedModels_areTablesOfThePlanWithIdAsTheirWholeKey() {
        PLAN.tables().values().forEach(t -> t.references().forEach((path, model) -> {
            assertThat(PLAN.tables()).as(t.model() + "." + path).containsKey(model);
            assertThat(SampleSchema.table(model).keyAttributes()).as(model).containsExactly("id");
        }));
    }

    @Test
    void referencePaths_useThePlanSyntax() {
        PLAN.tables().values().forEach(t -> t.references().keySet().forEach(path ->
                assertThat(path).as(t.model()).matches("[A-Za-z0-9_]+(\\[])?(\\.[A-Za-z0-9_]+)?")));
        assertThat(PLAN.table("Memberships").references()).containsKey("billing.addressId");
        assertThat(PLAN.table("PendingAppointments").references()).containsKey("attendees[].contactId");
        assertThat(PLAN.table("eSignatureDocuments").references()).containsKey("signerContactIds[]");
    }

    @Test
    void levelsImpliedByReferences_matchTheSeedDocument() {
        Map<String, Integer> expected = new HashMap<>();
        for (String model : SampleSchema.models()) {
            expected.put(model, 1);
        }
        for (String model : new String[] {"ContactUs", "Requests", "Affiliates", "ContactAuditLog", "NotificationQueue",
                "EmailSuppressionList", "Memberships", "eSignatureDocuments", "PendingAppointments"}) {
            expected.put(model, 2);
        }
        expected.put("Projects", 3);
        for (String model : new String[] {"Quotes", "ProjectComments", "ProjectMilestones", "ProjectPaymentTerms",
                "ProjectPermissions"}) {
            expected.put(model, 4);
        }
        expected.put("QuoteItems", 5);

        Map<String, Integer> levels = new HashMap<>();
        PLAN.tables().keySet().forEach(model -> level(model, levels));
        assertThat(levels).isEqualTo(expected);
        assertThat(levels.values().stream().filter(l -> l == 1).count()).isEqualTo(16);
    }

    @Test
    void contactsSelfReference_isInThePlanButDoesNotRaiseItsLevel() {
        assertThat(PLAN.table("Contacts").references()).containsEntry("referredByContactId", "Contacts");
        assertThat(level("Contacts", new HashMap<>())).isEqualTo(1);
    }

    @Test
    void transformedAttributes_existInTheDevData() {
        assertThat(PLAN.table("AppPreferences").raw().at("/set/environment").asText()).isEqualTo("production");
        assertThat(PLAN.table("AppPreferences").raw().at("/remove/0").asText()).isEqualTo("devOverrides");
        assertThat(SampleData.standard().items("AppPreferences"))
                .allMatch(item -> item.get("environment").s().equals("development") && item.get("devOverrides").hasM());
    }

    @Test
    void planForOtherSuffixes_changesOnlySuffixesAndNamespace() {
        PlanFile moved = PlanFile.parse(SamplePlan.json("-it42-dev", "-it42-prod"));
        assertThat(moved.root().at("/source/tableSuffix").asText()).isEqualTo("-it42-dev");
        assertThat(moved.root().at("/target/tableSuffix").asText()).isEqualTo("-it42-prod");
        assertThat(moved.root().get("idNamespace").asText()).isEqualTo("it42-prod");
        assertThat(moved.root().get("tables")).isEqualTo(PLAN.root().get("tables"));
        assertThat(moved.root().get("onConflict")).isEqualTo(PLAN.root().get("onConflict"));
    }

    /** Longest reference path to a table without references, self-references ignored (no cycles here). */
    private static int level(String model, Map<String, Integer> memo) {
        Integer known = memo.get(model);
        if (known != null) {
            return known;
        }
        int level = 1 + PLAN.table(model).references().values().stream()
                .filter(referenced -> !referenced.equals(model))
                .mapToInt(referenced -> level(referenced, memo))
                .max().orElse(0);
        memo.put(model, level);
        return level;
    }

    private static Set<String> toSet(Iterator<String> names) {
        Set<String> set = new LinkedHashSet<>();
        names.forEachRemaining(set::add);
        return set;
    }
}
