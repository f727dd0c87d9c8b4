package dev.dmig.feature.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.TestFeatures;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.WriteAt;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a run does at a paired or unpaired record's key, as a match's rule says it ({@link MatchWriteRule}), asked of the transformer. */
class MatchWriteRuleTest {
    private static final MigrationPlan PLAN = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "w-prod",
             "tables": {"Users": {"match": {"on": ["email"], "whenMatched": "update", "whenNotMatched": "skip"}},
                        "Teams": {"match": {"on": ["name"], "whenMatched": "keep"}},
                        "Notes": {}}}""");
    private static final MatchedRecords PAIRS = new MatchedRecords(Map.of(
            "Users", new MatchedRecords.TableMatch("update", "skip", 3, 2, Map.of("u1", "p1", "u2", "p2"), 1, List.of()),
            "Teams", new MatchedRecords.TableMatch("keep", "insert", 2, 1, Map.of("t1", "q1"), 1, List.of())));
    private static final ItemTransformer TRANSFORMER = new ItemTransformer(PLAN, new RunMappings(1_000L, IdentityMap.EMPTY).with(PAIRS));

    @Test
    void aPairedRecord_isWrittenOverItsTargetRecord_underUpdate_keepingWhatOnlyTheTargetHas() {
        WriteAt at = TRANSFORMER.writeAt("Users", Map.of("id", s("u1"), "email", s("ann@x")));

        assertThat(at.copies()).isTrue();
        assertThat(at.writesOver()).isTrue();
        assertThat(at.keeps()).isFalse();
        assertThat(at.onPurpose()).as("the target's record is not in the way: a conflict it is not").isTrue();
        assertThat(at.pairing()).as("as a preview says it").isEqualTo(new WriteAt.Pairing("email", "update"));
        assertThat(at.written(Map.of("id", s("p1"), "email", s("Ann@X"), "name", s("Ann (prod)"), "plan", s("gold")),
                Map.of("id", s("p1"), "email", s("ann@x"), "name", s("Ann (dev)"))))
                .as("the mapped record's values over the target's, but production's spelling of what they were paired on")
                .isEqualTo(Map.of("id", s("p1"), "email", s("Ann@X"), "name", s("Ann (dev)"), "plan", s("gold")));
        assertThat(at.written((Map<String, AttributeValue>) null, Map.of("id", s("p1")))).as("no record there: the mapped item")
                .isEqualTo(Map.of("id", s("p1")));
    }

    @Test
    void aPairedRecord_leavesTheTargetRecordAsItIs_underKeep() {
        WriteAt at = TRANSFORMER.writeAt("Teams", Map.of("id", s("t1"), "name", s("core")));

        assertThat(at.keeps()).isTrue();
        assertThat(at.writesOver()).isFalse();
        assertThat(at.onPurpose()).isTrue();
        assertThat(TRANSFORMER.writeAt("Teams", Map.of("id", s("t2"), "name", s("new"))))
                .as("unpaired under insert: written, as a table without match writes it").isSameAs(WriteAt.WRITE);
    }

    @Test
    void anUnpairedRecord_isNotCopied_underSkip() {
        assertThat(TRANSFORMER.leftBehind("Users", Map.of("id", s("u3"), "email", s("cy@x")))).isEqualTo(MatchWriteRule.UNPAIRED);
        assertThat(TRANSFORMER.copies("Users", Map.of("id", s("u3"), "email", s("cy@x")))).isFalse();
        assertThat(TRANSFORMER.writeAt("Notes", Map.of("id", s("n1")))).isSameAs(WriteAt.WRITE);
    }

    @Test
    void whatATableMayDo_isSaidOfTheTable() {
        assertThat(TRANSFORMER.writesOver("Users")).isTrue();
        assertThat(TRANSFORMER.writesOver("Teams")).isFalse();
        assertThat(TRANSFORMER.leavesBehind("Users")).as("unpaired records").isTrue();
        assertThat(TRANSFORMER.writesOver("Notes")).isFalse();
    }

    @Test
    void anUnpairedRecord_isCountedUnderItsReasonsName_inItsWords() {
        assertThat(new LeftBehind(Map.of("unpaired", 1L)).counted()).extracting(LeftBehind.Counted::text)
                .containsExactly("1 not written: no matching record in the target (match.whenNotMatched is skip)");
    }

    /**
     * DataStore's rule is asked before match's (the features' order): a soft-deleted row a match paired is left behind as
     * soft-deleted. Match with another feature: run where the build has DataStore (as dmig's does), so that match's folder
     * stands without DataStore's.
     */
    @Test
    void aSoftDeletedRow_isLeftBehindAsSoftDeleted_whetherPairedOrNot() {
        TestFeatures.assumeHas("DataStoreFeature");
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "w-prod", "datastore": "keep",
                 "tables": {"Users": {"datastore": "reset", "match": {"on": ["email"], "whenMatched": "update", "whenNotMatched": "skip"}},
                            "Teams": {}}}""");
        ItemTransformer transformer = new ItemTransformer(plan, new RunMappings(1_000L, IdentityMap.EMPTY).with(new MatchedRecords(Map.of("Users",
                new MatchedRecords.TableMatch("update", "skip", 3, 2, Map.of("u1", "p1", "u2", "p2"), 1, List.of())))));
        Map<String, AttributeValue> deletedPaired = Map.of("id", s("u2"), "email", s("bob@x"), "_version", AttributeValue.fromN("3"),
                "_lastChangedAt", AttributeValue.fromN("5"), "_deleted", AttributeValue.fromBool(true));

        assertThat(transformer.writeAt("Users", deletedPaired).notCopied().name()).isEqualTo("softDeleted");
        assertThat(transformer.leftBehind("Users", with(deletedPaired, "_deleted", AttributeValue.fromBool(false))))
                .as("a live row paired: not left behind").isNull();
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String attribute, AttributeValue value) {
        Map<String, AttributeValue> changed = new java.util.HashMap<>(item);
        changed.put(attribute, value);
        return changed;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
