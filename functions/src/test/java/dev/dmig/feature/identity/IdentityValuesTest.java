package dev.dmig.feature.identity;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.migrate.FileObjects;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Identities in an item's values, whole ({@code "@owner"}) or a pattern's part ({@code USER#{sub}}, a file key's
 * {@code {identityId}}), mapped by the run's identity map as the transformer runs the core's rewrite of values by their
 * patterns ({@link IdentityValues}, this feature's {@code PlaceholderValues}), and walked with whether the map has each
 * ({@link IdentityWalk}).
 */
class IdentityValuesTest {
    private static final IdMapper IDS = new IdMapper("prod-NONE");

    /** A source item that the transformer must not be able to change. */
    private static Map<String, AttributeValue> frozen(Map<String, AttributeValue> item) {
        return Map.copyOf(item);
    }

    private static final long STARTED = 1_717_000_000_123L;

    private static final String S_ANN = "5a000000-0000-4000-8000-000000000001";
    private static final String T_ANN = "7a000000-0000-4000-8000-000000000001";
    private static final String S_BOB = "5b000000-0000-4000-8000-000000000002";
    private static final String T_BOB = "7b000000-0000-4000-8000-000000000002";
    private static final String S_CY = "5c000000-0000-4000-8000-000000000003";
    private static final String ANN_DEV_ID = "us-east-1:0d000000-0000-4000-8000-0000000000a1";
    private static final String ANN_PROD_ID = "us-east-1:0e000000-0000-4000-8000-0000000000a1";

    private static String identityPlan(String onUnmatched) {
        return """
                {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
                 "identities": {"csv": "identities.csv", "onUnmatched": "%s"},
                 "tables": {
                   "Todo": {"references": {"owner": "@owner", "editors[]": "@owner", "meta.createdBy": "@sub", "tags[]": "@username",
                                           "ownerKey": {"pattern": "USER#{sub}", "sub": "@sub"}}},
                   "Profile": {"idAttribute": "PK", "references": {"PK": {"pattern": "USER#{sub}", "sub": "@sub"}}}
                 }}""".formatted(onUnmatched);
    }

    private static final IdentityMap USERS = IdentityCsv.parse("identities.csv",
            (S_ANN + "," + T_ANN + ",ann,ann@x\n" + S_BOB + "," + T_BOB + ",bob,robert\n").getBytes(StandardCharsets.UTF_8));

    private static ItemTransformer identities(String onUnmatched) {
        return new ItemTransformer(PlanParser.parse(identityPlan(onUnmatched)), new RunMappings(STARTED, USERS));
    }

    private static Map<String, AttributeValue> todo() {
        return frozen(item("id", s("t1"), "owner", s(S_ANN + "::ann"), "editors", l(s(S_BOB + "::bob"), s(S_CY + "::cy"), s(S_ANN)),
                "meta", m("createdBy", s(S_CY), "at", s("now")), "tags", ss("bob", "cy"), "ownerKey", s("USER#" + S_BOB)));
    }

    @Test
    void identities_atEveryPath_andInsideAKey_becomeTheTargetUsers() {
        Map<String, AttributeValue> out = identities("keep").transform("Todo", frozen(item("id", s("t1"), "owner", s(S_ANN + "::ann"),
                "editors", l(s(S_BOB + "::bob"), s(S_ANN)), "meta", m("createdBy", s(S_BOB)), "tags", ss("bob"),
                "ownerKey", s("USER#" + S_BOB))));
        assertThat(out).isEqualTo(item("id", s(IDS.newId("Todo", "t1")), "owner", s(T_ANN + "::ann@x"),
                "editors", l(s(T_BOB + "::robert"), s(T_ANN)), "meta", m("createdBy", s(T_BOB)), "tags", ss("robert"),
                "ownerKey", s("USER#" + T_BOB)));
        assertThat(identities("keep").transform("Profile", frozen(item("PK", s("USER#" + S_ANN), "bio", s("hi")))))
                .isEqualTo(item("PK", s("USER#" + T_ANN), "bio", s("hi")));
    }

    @Test
    void unmatchedIdentities_areKept_orRemoved_orRefused_asThePlanSays() {
        assertThat(identities("keep").transform("Todo", todo())).isEqualTo(item("id", s(IDS.newId("Todo", "t1")),
                "owner", s(T_ANN + "::ann@x"), "editors", l(s(T_BOB + "::robert"), s(S_CY + "::cy"), s(T_ANN)),
                "meta", m("createdBy", s(S_CY), "at", s("now")), "tags", ss("robert", "cy"), "ownerKey", s("USER#" + T_BOB)));
        assertThat(identities("remove").transform("Todo", todo())).isEqualTo(item("id", s(IDS.newId("Todo", "t1")),
                "owner", s(T_ANN + "::ann@x"), "editors", l(s(T_BOB + "::robert"), s(T_ANN)),
                "meta", m("at", s("now")), "tags", ss("robert"), "ownerKey", s("USER#" + T_BOB)));
        assertThat(identities("remove").transform("Todo", frozen(item("id", s("t2"), "owner", s(S_CY + "::cy"), "tags", ss("cy")))))
                .as("a value without a match goes, and a set left empty with it").isEqualTo(item("id", s(IDS.newId("Todo", "t2"))));
        assertThatThrownBy(() -> identities("refuse").transform("Todo", todo()))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Todo, item id=t1, attribute editors[]: identity '" + S_CY + "::cy' has no match in identities.csv; "
                        + "add the user there, or set identities.onUnmatched to keep or remove");
    }

    @Test
    void anUnmatchedOwnersUsername_thatIsAnEmail_isMaskedInTheRefusal() {
        assertThatThrownBy(() -> identities("refuse").transform("Todo", frozen(item("id", s("t3"), "owner",
                s(S_CY + "::cy.lee@example.com")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Todo, item id=t3, attribute owner: identity '" + S_CY + "::c***@e***.com' has no match in "
                        + "identities.csv; add the user there, or set identities.onUnmatched to keep or remove");
    }

    @Test
    void underDrop_aTableLeavesRecordsBehind_soAReferenceToOneIsAnOrphanInValidation() {
        ItemTransformer drop = new ItemTransformer(PlanParser.parse(identityPlan("keep")
                .replace("\"Profile\": {\"idAttribute\": \"PK\",", "\"Profile\": {\"onUnmatched\": \"drop\", \"idAttribute\": \"PK\",")),
                new RunMappings(STARTED, USERS));

        assertThat(drop.leavesBehind("Profile")).as("profiles of users without a match are left behind").isTrue();
    }

    @Test
    void underDrop_anItemHoldingAnIdentityWithoutAMatch_isFound_andTheOthersAreMapped() {
        ItemTransformer drop = new ItemTransformer(PlanParser.parse(identityPlan("keep").replace(
                "\"Profile\": {\"idAttribute\": \"PK\",", "\"Profile\": {\"onUnmatched\": \"drop\", \"idAttribute\": \"PK\",")),
                new RunMappings(STARTED, USERS));
        Map<String, AttributeValue> cy = frozen(item("PK", s("USER#" + S_CY), "bio", s("no production account")));
        Map<String, AttributeValue> ann = frozen(item("PK", s("USER#" + S_ANN), "bio", s("hi")));

        // Whether it is copied is the identities feature's write rule's (IdentityWriteRuleTest).
        assertThat(IdentityWalk.of(drop).leftBehindUnmatched("Profile", cy)).isTrue();
        assertThat(IdentityWalk.of(drop).leftBehindUnmatched("Profile", ann)).isFalse();
        assertThat(drop.transform("Profile", ann)).isEqualTo(item("PK", s("USER#" + T_ANN), "bio", s("hi")));
        assertThat(IdentityWalk.of(drop).leftBehindUnmatched("Todo", todo())).as("the plan's keep still holds for other tables").isFalse();
        assertThatThrownBy(() -> drop.transform("Profile", cy)).as("mapped anyway, it is refused, never written with a dev user")
                .isInstanceOf(ItemInvalidException.class);
    }


    @Test
    void anOwnerWhoseSubTheMapHas_butNotItsUsername_isRefusedSayingTheUsernamesAreWhatIsMissing() {
        IdentityMap subsAlone = IdentityCsv.parse("identities.csv",
                ("source_sub,target_sub\n" + S_ANN + "," + T_ANN + "\n").getBytes(StandardCharsets.UTF_8));
        ItemTransformer transformer = new ItemTransformer(PlanParser.parse(identityPlan("refuse")), new RunMappings(STARTED, subsAlone));

        assertThatThrownBy(() -> transformer.transform("Todo", frozen(item("id", s("t4"), "owner", s(S_ANN + "::alice")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Todo, item id=t4, attribute owner: identity '" + S_ANN + "::alice' has no match in identities.csv:"
                        + " its sub is there, but identities.csv gives subs alone (source_sub,target_sub, which serves only pools where"
                        + " each user's username is their sub); add the columns source_username,target_username with each user's"
                        + " usernames, or set identities.onUnmatched to keep or remove");
        // A username that is the user's sub needs no username column: an email sign-in pool's owners.
        assertThat(transformer.transform("Todo", frozen(item("id", s("t5"), "owner", s(S_ANN + "::" + S_ANN)))).get("owner"))
                .isEqualTo(s(T_ANN + "::" + T_ANN));
        assertThatThrownBy(() -> identities("refuse").transform("Todo", frozen(item("id", s("t6"), "owner", s(S_BOB + "::bobby")))))
                .hasMessage("table Todo, item id=t6, attribute owner: identity '" + S_BOB + "::bobby' has no match in identities.csv:"
                        + " its sub is there with another username, bob; check that user's source_username, or set"
                        + " identities.onUnmatched to keep or remove");
    }

    @Test
    void forEachIdentity_visitsEveryValue_withWhetherTheMapHasIt() {
        List<String> visits = new ArrayList<>();
        IdentityWalk.of(identities("refuse")).forEach("Todo", todo(), (path, kind, value, matched) ->
                visits.add(path + " " + kind.planName() + " " + value + " " + matched));
        assertThat(visits).containsExactlyInAnyOrder("owner @owner " + S_ANN + "::ann true", "editors[] @owner " + S_BOB + "::bob true",
                "editors[] @owner " + S_CY + "::cy false", "editors[] @owner " + S_ANN + " true", "meta.createdBy @sub " + S_CY + " false",
                "tags[] @username bob true", "tags[] @username cy false", "ownerKey{sub} @sub " + S_BOB + " true");
    }

    private static final MigrationPlan FILES = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
             "identities": {"csv": "identities.csv", "onUnmatched": "%s"},
             "tables": {
               "Photo": {"files": {"image.key": {"pattern": "protected/{identityId}/photos/{id}.jpg", "identityId": "@identityId",
                                                 "id": "Photo"}}}}}
            """.formatted("keep"));
    private static final IdentityMap IDENTITY_IDS = IdentityCsv.parse("identities.csv",
            ("source_sub,target_sub,source_identity_id,target_identity_id\n" + S_ANN + "," + T_ANN + "," + ANN_DEV_ID + "," + ANN_PROD_ID
                    + "\n").getBytes(StandardCharsets.UTF_8));
    private final ItemTransformer files = new ItemTransformer(FILES, new RunMappings(STARTED, IDENTITY_IDS));

    /**
     * An identity in a file's key: the core's walk of an item's file values renames the object with the run's IDs and the
     * identity this feature maps, and the identity is walked as the item's others are.
     */
    @Test
    void anIdentityInAFilesKey_isMappedInTheObjectsNewKey_andWalked() {
        String photo = IDS.newId("Photo", "p1");
        Map<String, AttributeValue> source = frozen(item("id", s("p1"),
                "image", m("key", s("protected/" + ANN_DEV_ID + "/photos/p1.jpg"))));
        List<String> objects = new ArrayList<>();
        FileObjects.of(files).forEach("Photo", source, (path, from, to) -> objects.add(path + ": " + from + " -> " + to));
        assertThat(objects).containsExactly(
                "image.key: protected/" + ANN_DEV_ID + "/photos/p1.jpg -> protected/" + ANN_PROD_ID + "/photos/" + photo + ".jpg");
        List<String> identities = new ArrayList<>();
        IdentityWalk.of(files).forEach("Photo", source, (path, kind, value, matched) -> identities.add(path + " " + value + " " + matched));
        assertThat(identities).containsExactly("image.key{identityId} " + ANN_DEV_ID + " true");
    }
}
