package dev.dmig.feature.identity;

import static dev.dmig.plan.PlanProblems.minimal;
import static dev.dmig.plan.PlanProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.Identities;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.UserPoolRef;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plan's {@code identities}, the sides' user pools it pairs and a table's {@code onUnmatched}, as this feature reads
 * them ({@link IdentitiesSection}): identity references need a map, and every problem is one line.
 */
class IdentitiesSectionTest {
    /** A plan whose sides name {@code source} and {@code target} (JSON members, without braces) and whose table A has an owner. */
    private static String withSides(String source, String target, String identities) {
        return "{\"source\": {\"tableSuffix\": \"-dev-NONE\"" + source + "}, \"target\": {\"tableSuffix\": \"-prod-NONE\"" + target
                + "}, " + identities + "\"tables\": {\"A\": {\"references\": {\"o\": \"@owner\"}}}}";
    }

    @Test
    void identityReferences_parse_atAnyPath_andInPatterns_withTheirMap() {
        MigrationPlan plan = PlanParser.parse(minimal("""
                {"Todo": {"references": {"owner": "@owner", "editors[]": "@owner", "meta.createdBy": "@sub",
                                         "GSI1PK": {"pattern": "USER#{sub}", "sub": "@sub"}}},
                 "Profile": {"idAttribute": "PK", "references": {"PK": {"pattern": "USER#{username}", "username": "@username"}}}}""")
                .replace("\"tables\"", "\"identities\": {\"csv\": \"users.csv\", \"onUnmatched\": \"keep\"}, \"tables\""));
        assertThat(plan.identities()).isEqualTo(new Identities("users.csv"));
        assertThat(UnmatchedPolicy.of(plan)).isEqualTo(UnmatchedPolicy.KEEP);
        assertThat(plan.table("Todo").identityReferences()).containsExactly(Map.entry("owner", IdentityKind.OWNER),
                Map.entry("editors[]", IdentityKind.OWNER), Map.entry("meta.createdBy", IdentityKind.SUB),
                Map.entry("GSI1PK{sub}", IdentityKind.SUB));
        assertThat(plan.table("Todo").mappings().get(ReferencePath.parse("owner")).describe()).isEqualTo("@owner");
        assertThat(plan.table("Profile").idMapped()).isTrue();
        assertThat(UnmatchedPolicy.of(PlanParser.parse(minimal("{\"A\": {\"references\": {\"o\": \"@owner\"}}}")
                .replace("\"tables\"", "\"identities\": {\"csv\": \"i.csv\"}, \"tables\""))))
                .isEqualTo(UnmatchedPolicy.REFUSE);
    }


    @Test
    void badIdentityReferences_andMaps_areReported() {
        assertThat(problems(minimal("{\"A\": {\"references\": {\"o\": \"@owners\", \"p\": \"@sub\"}}}")))
                .containsExactly("table A, attribute o: unknown identity \"@owners\": use \"@owner\", \"@sub\", \"@username\" or \"@identityId\"",
                        "table A, attribute p: an identity reference needs an identity map: name source.userPoolId and "
                                + "target.userPoolId (users paired by email), or add \"identities\": {\"csv\": \"identities.csv\"} "
                                + "to the plan, a file of source_sub,target_sub[,source_username,target_username]");
        assertThat(problems(minimal("{\"A\": {\"references\": {\"p\": \"@sub\"}}}")
                .replace("\"tables\"", "\"identities\": {\"file\": \"x\", \"onUnmatched\": \"delete\"}, \"tables\"")))
                .containsExactly("unknown key \"file\" in \"identities\" (known: csv, matchBy, onUnmatched)",
                        "identities needs a map: name source.userPoolId and target.userPoolId (users paired by email), or "
                                + "identities.csv, a file of source_sub,target_sub[,source_username,target_username]",
                        "identities.onUnmatched must be \"refuse\", \"keep\", \"remove\" or \"drop\", not \"delete\"");
    }


    @Test
    void aTablesOwnOnUnmatched_overridesThePlans_andIsCheckedLikeIt() {
        String plan = minimal("{\"Profile\": {\"references\": {\"id\": \"@sub\"}, \"onUnmatched\": \"drop\"},"
                + " \"Task\": {\"references\": {\"assignee\": \"@sub\"}}}")
                .replace("\"tables\"", "\"identities\": {\"csv\": \"ids.csv\", \"onUnmatched\": \"remove\"}, \"tables\"");

        MigrationPlan parsed = PlanParser.parse(plan);

        assertThat(UnmatchedPolicy.of(parsed, "Profile")).isEqualTo(UnmatchedPolicy.DROP);
        assertThat(UnmatchedPolicy.of(parsed, "Task")).isEqualTo(UnmatchedPolicy.REMOVE);
        assertThat(problems(minimal("{\"A\": {\"onUnmatched\": \"skip\"}}")))
                .contains("table A, attribute onUnmatched: must be \"refuse\", \"keep\", \"remove\" or \"drop\", not \"skip\"");
        assertThat(problems(minimal("{\"A\": {\"onUnmatched\": \"drop\"}}"))).containsExactly("table A, attribute onUnmatched: says"
                + " what becomes of identities without a match, but the plan maps no identities: remove it");
    }


    @Test
    void userPools_onBothSides_makeTheIdentityMap_pairedByEmailUnlessTheyNameAnother() {
        MigrationPlan plan = PlanParser.parse(withSides(", \"userPoolId\": \"eu-west-1_AbC123\", \"region\": \"eu-west-1\"",
                ", \"userPoolId\": \"local_10xce8sl\", \"userPoolEndpoint\": \"http://127.0.0.1:9229\"", ""));
        Identities identities = plan.identities();
        assertThat(identities.fromPools()).isTrue();
        assertThat(identities.sourcePool()).isEqualTo(new UserPoolRef("eu-west-1_AbC123", null));
        assertThat(identities.sourcePool().region()).isEqualTo("eu-west-1");
        assertThat(identities.targetPool()).isEqualTo(new UserPoolRef("local_10xce8sl", URI.create("http://127.0.0.1:9229")));
        assertThat(identities.targetPool().region()).isNull();
        assertThat(identities.matchBy()).isEqualTo("email");
        assertThat(UnmatchedPolicy.of(plan)).isEqualTo(UnmatchedPolicy.REFUSE);
        assertThat(identities.csv()).isNull();
        assertThat(identities.mapName()).isEqualTo("the target user pool (paired by email)");

        MigrationPlan both = PlanParser.parse(withSides(", \"userPoolId\": \"us-east-1_a\"", ", \"userPoolId\": \"us-east-1_b\"",
                "\"identities\": {\"matchBy\": \"custom:employeeId\", \"csv\": \"extra.csv\", \"onUnmatched\": \"keep\"}, "));
        assertThat(both.identities()).isEqualTo(new Identities("extra.csv", "custom:employeeId",
                new UserPoolRef("us-east-1_a", null), new UserPoolRef("us-east-1_b", null)));
        assertThat(UnmatchedPolicy.of(both, "A")).isEqualTo(UnmatchedPolicy.KEEP);
        assertThat(both.identities().mapName()).isEqualTo("the target user pool (paired by custom:employeeId) and extra.csv");
        assertThat(new UserPoolRef("eu-west-1_AbC", null).arn("aws", "111111111111"))
                .isEqualTo("arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_AbC");
    }


    @Test
    void badUserPools_andMatchAttributes_areReported() {
        assertThat(problems(withSides(", \"userPoolId\": \"eu-west-1\", \"userPoolEndpoint\": \"127.0.0.1:9229\"",
                ", \"userPoolEndpoint\": \"http://127.0.0.1:9229\"", "")))
                .containsExactly("source.userPoolId must be a user pool ID like eu-west-1_AbC123, not \"eu-west-1\"",
                        "source.userPoolEndpoint must be an http:// or https:// URL of a server standing in for the user pool "
                                + "(cognito-local), not \"127.0.0.1:9229\"",
                        "target.userPoolEndpoint is set but target.userPoolId is not: name the pool it serves",
                        "table A, attribute o: an identity reference needs an identity map: name source.userPoolId and "
                                + "target.userPoolId (users paired by email), or add \"identities\": {\"csv\": \"identities.csv\"} "
                                + "to the plan, a file of source_sub,target_sub[,source_username,target_username]");
        assertThat(problems(withSides(", \"userPoolId\": \"us-east-1_a\"", "", "\"identities\": {\"csv\": \"u.csv\"}, ")))
                .containsExactly("source.userPoolId is set but target.userPoolId is not: dmig pairs the users of two pools; name "
                        + "both, or give the map as identities.csv");
        assertThat(problems(withSides(", \"userPoolId\": \"us-east-1_a\"", ", \"userPoolId\": \"us-east-1_a\"", "")))
                .containsExactly("source.userPoolId and target.userPoolId are the same ('us-east-1_a'): an identity map pairs the "
                        + "users of one environment's pool with another's",
                        "table A, attribute o: an identity reference needs an identity map: name source.userPoolId and "
                                + "target.userPoolId (users paired by email), or add \"identities\": {\"csv\": \"identities.csv\"} "
                                + "to the plan, a file of source_sub,target_sub[,source_username,target_username]");
        assertThat(problems(withSides(", \"userPoolId\": \"us-east-1_a\"", ", \"userPoolId\": \"us-east-1_b\"",
                "\"identities\": {\"matchBy\": \"name\"}, ")))
                .containsExactly("identities.matchBy must be \"email\", \"username\", \"phone_number\" or a custom attribute like "
                        + "\"custom:employeeId\", not \"name\"");
        assertThat(problems(withSides("", "", "\"identities\": {\"csv\": \"u.csv\", \"matchBy\": \"username\"}, ")))
                .containsExactly("identities.matchBy pairs the users of two user pools: name source.userPoolId and "
                        + "target.userPoolId, or leave matchBy out");
    }

    @Test
    void anIdentityInAFilesKey_isAnIdentityReferenceOfItsTable() {
        MigrationPlan plan = PlanParser.parse(minimal("""
                {"Photo": {"files": {"image.key": {"pattern": "protected/{identityId}/photos/{id}.jpg", "identityId": "@identityId",
                                                   "id": "Photo"},
                                     "upload": {"prefix": "public/", "patterns": [
                                         {"pattern": "boards/{boardId}/{name}", "boardId": "Photo"},
                                         {"pattern": "users/{sub}/{name}", "sub": "@sub"}]}}}}""")
                .replace("\"-dev-NONE\"}", "\"-dev-NONE\", \"storageBucket\": \"app-storage-dev\"}")
                .replace("\"-prod-NONE\"}", "\"-prod-NONE\", \"storageBucket\": \"app-storage-prod\"}")
                .replace("\"tables\"", "\"identities\": {\"csv\": \"users.csv\"}, \"tables\""));
        assertThat(plan.table("Photo").files().get(ReferencePath.parse("upload")).mapping().describe())
                .isEqualTo("boards/{boardId}/{name}, users/{sub}/{name}");
        assertThat(plan.table("Photo").identityReferences()).containsExactly(Map.entry("image.key{identityId}", IdentityKind.IDENTITY_ID),
                Map.entry("upload{sub}", IdentityKind.SUB));
    }
}
