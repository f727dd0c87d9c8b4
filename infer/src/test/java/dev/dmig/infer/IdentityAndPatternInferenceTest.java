package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Identity references and patterns: what infer proposes, what it writes into the plan, and what it leaves alone. */
class IdentityAndPatternInferenceTest {
    private static final String DEV = "-app-dev";
    private static final String PROD = "-app-prod";
    private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "erin");

    private final InMemoryItemStore store = new InMemoryItemStore();
    private final List<String> progress = new ArrayList<>();

    @Test
    void ownerValues_editorsAndCreators_areIdentities_toldByShape_atMostMedium() {
        table("Todo", 40, i -> Map.of(
                "owner", s(owner(i % 5)),
                "editors", AttributeValue.fromL(List.of(s(owner((i + 1) % 5)), s(sub((i + 2) % 5)))),
                "meta", AttributeValue.fromM(Map.of("createdBy", s(sub(i % 5)), "via", s("web")))));

        InferredPlan plan = infer(100, null);

        assertThat(plan.references()).isEqualTo(Map.of("Todo", Map.of("owner", "@owner", "editors[]", "@owner",
                "meta.createdBy", "@sub")));
        ReferenceEvidence owner = plan.table("Todo").references().stream().filter(r -> r.path().equals("owner")).findFirst().orElseThrow();
        assertThat(owner.kind()).isEqualTo(ReferenceEvidence.Kind.IDENTITY);
        assertThat(owner.checked()).isEqualTo(5);
        assertThat(owner.matched()).isEqualTo(5);
        assertThat(owner.method()).isEqualTo("shape");
        assertThat(owner.basis()).isEqualTo("<sub>::<username>, by shape only");
        assertThat(plan.table("Todo").references()).allSatisfy(r -> assertThat(r.level()).isNotEqualTo("high"));
        ReferenceEvidence creators = plan.table("Todo").references().stream().filter(r -> r.path().equals("meta.createdBy"))
                .findFirst().orElseThrow();
        assertThat(creators.basis()).isEqualTo("subs seen in owner values, by shape only");

        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.identities().csv()).isEqualTo("identities.csv");
        assertThat(parsed.table("Todo").identityReferences()).containsEntry("owner", IdentityKind.OWNER)
                .containsEntry("editors[]", IdentityKind.OWNER).containsEntry("meta.createdBy", IdentityKind.SUB);
        assertThat(plan.planJson()).contains("owner: 5 of 5 values are <sub>::<username>, by shape only, low confidence 0.57");
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("identity references proposed: the plan names its"
                + " identity map \"identities.csv\", which only you can write: put it next to the plan"));
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("identities told by their shape only"));
        assertThat(plan.summary()).contains("0 references and 3 identity references proposed in 1 table (3 below high confidence);"
                + " 0 tables keep their IDs; 2 warnings");
        assertThat(plan.summary()).anySatisfy(l -> assertThat(l).endsWith("Review the plan, write identities.csv beside it, then:"
                + " dmig analyze --plan plan.json"));
    }

    @Test
    void withThePoolsUsers_usernamesAreIdentities_aValueOfAnotherPoolIsNot_andTheLevelIsTheEvidences() {
        List<String> subs = new ArrayList<>();
        List<String> usernames = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            subs.add(sub(i));
            usernames.add("user" + i);
        }
        table("Notes", 80, i -> Map.of("owner", s(sub(i % 40) + "::user" + i % 40), "reviewer", s("user" + i % 40),
                "stranger", s(sub(100 + i) + "::someone")));

        InferredPlan plan = infer(100, KnownUsers.ofPool("eu-west-1_AbC123", subs, usernames));

        assertThat(plan.references()).isEqualTo(Map.of("Notes", Map.of("owner", "@owner", "reviewer", "@username")));
        ReferenceEvidence owner = plan.table("Notes").references().get(0);
        assertThat(owner.method()).isEqualTo("pool");
        assertThat(owner.level()).isEqualTo("high");
        assertThat(owner.basis()).isEqualTo("<sub>::<username> of the users of user pool eu-west-1_AbC123");
        // Values of the owner shape whose subs are no user of the pool are not this pool's users.
        assertThat(plan.table("Notes").rejected()).isEmpty();
        assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).startsWith("identities told by their shape only"));
    }

    @Test
    void aGsiKeyWithASub_andACompositeSortKeyAttributeWithAReference_arePatterns() {
        table("Projects", 12, i -> Map.of());
        table("Todo", 30, i -> Map.of("owner", s(owner(i % 5)), "ownerKey", s("USER#" + sub(i % 5))));
        table("Task", 61, i -> {
            String project = i == 60 ? id("Gone", 1) : id("Projects", i % 12);
            String createdAt = "2024-06-01T08:%02d:%02d.000Z".formatted(i / 60, i % 60);
            return Map.of("projectId", s(project), "createdAt", s(createdAt), "projectId#createdAt", s(project + "#" + createdAt),
                    "status#createdAt", s((i % 2 == 0 ? "OPEN#" : "DONE#") + createdAt));
        });

        InferredPlan plan = infer(100, null);

        assertThat(plan.references().get("Todo")).containsEntry("ownerKey", "USER#{sub} sub=@sub");
        assertThat(plan.references().get("Task")).isEqualTo(Map.of("projectId", "Projects",
                "projectId#createdAt", "{projectId}#{createdAt} projectId=Projects"));
        ReferenceEvidence composite = plan.table("Task").references().stream().filter(r -> r.path().equals("projectId#createdAt"))
                .findFirst().orElseThrow();
        assertThat(composite.kind()).isEqualTo(ReferenceEvidence.Kind.PATTERN);
        assertThat(composite.checked()).isEqualTo(61);
        assertThat(composite.matched()).isEqualTo(60);
        assertThat(composite.unresolved()).singleElement().asString().startsWith(id("Gone", 1) + "#");
        assertThat(composite.basis()).isEqualTo("<Projects ID>#<createdAt>");
        assertThat(plan.planJson()).contains("projectId#createdAt: 60 of 61 values are <Projects ID>#<createdAt> (1 not: orphans?),"
                + " low confidence 0.67");
        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.table("Task").modelReferences()).containsEntry("projectId#createdAt{projectId}", "Projects");
        assertThat(parsed.table("Todo").identityReferences()).containsEntry("ownerKey{sub}", IdentityKind.SUB);
        assertThat(parsed.identities()).isNotNull();
    }

    @Test
    void aSingleTableDesign_keysItsItemsByPatterns_andOtherValuesFindItsIdsInThem() {
        table("People", 10, i -> Map.of("owner", s(owner(i % 5))));
        store.createTable("App" + DEV, "PK", ScalarAttributeType.S, "SK", ScalarAttributeType.S);
        store.createTable("App" + PROD, "PK", ScalarAttributeType.S, "SK", ScalarAttributeType.S);
        for (int u = 0; u < 5; u++) {
            put("App", Map.of("PK", s("USER#" + sub(u)), "SK", s("PROFILE"), "name", s(NAMES.get(u))));
        }
        for (int c = 0; c < 8; c++) {
            put("App", Map.of("PK", s("CUSTOMER#" + id("Customer", c)), "SK", s("PROFILE")));
        }
        for (int o = 0; o < 40; o++) {
            put("App", Map.of("PK", s("ORG#" + id("Org", o % 4)), "SK", s("ORDER#" + id("Order", o)),
                    "GSI1PK", s("CUSTOMER#" + id("Customer", o % 8)), "total", AttributeValue.fromN("12")));
        }
        table("Invoices", 16, i -> Map.of("customerId", s(id("Customer", i % 8))));

        InferredPlan plan = infer(100, null);

        InferredTable app = plan.table("App");
        assertThat(app.idAttribute()).isEqualTo("PK");
        assertThat(app.ids()).isEqualTo("sha256");
        assertThat(app.idsReason()).isEqualTo("partition key 'PK' holds composite values (CUSTOMER#<App ID> or USER#<sub> or"
                + " ORG#<App ID>): its pattern gives each item its new key");
        assertThat(plan.references().get("App")).isEqualTo(Map.of(
                "PK", "CUSTOMER#{customer} customer=App | USER#{sub} sub=@sub | ORG#{org} org=App",
                "SK", "ORDER#{order} order=App | PROFILE",
                "GSI1PK", "CUSTOMER#{customer} customer=App"));
        ReferenceEvidence sk = app.references().stream().filter(r -> r.path().equals("SK")).findFirst().orElseThrow();
        assertThat(sk.method()).isEqualTo("own keys");
        assertThat(sk.level()).isEqualTo("medium");
        ReferenceEvidence gsi = app.references().stream().filter(r -> r.path().equals("GSI1PK")).findFirst().orElseThrow();
        assertThat(gsi.method()).isEqualTo("keys");
        assertThat(gsi.matched()).isEqualTo(8);
        assertThat(plan.references().get("Invoices")).isEqualTo(Map.of("customerId", "App"));
        // Told by their shape only: medium, and the number beside it says why it is not high.
        assertThat(plan.planJson()).contains("SK: 40 of 40 values are ORDER#<App ID>; also PROFILE (1 value), medium confidence (0.91,"
                + " at most medium: told by shape only)");

        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.table("App").idMapped()).isTrue();
        assertThat(parsed.table("App").ids()).isEqualTo(IdStrategy.SHA256);
        assertThat(parsed.table("App").modelReferences()).containsEntry("SK{order}", "App").containsEntry("GSI1PK{customer}", "App")
                .containsEntry("PK{org}", "App");
        // A name, not opaque, and too few to tell: the profile's name is no username reference.
        assertThat(app.references()).extracting(ReferenceEvidence::path).doesNotContain("name");
    }

    @Test
    void aTableKeyedByUsersSubs_isMappedByTheIdentityMap_whenThePoolSaysTheyAreSubs_andValuesNamingItAreSubs() {
        usersKeyedBySub();

        InferredPlan plan = infer(100, KnownUsers.ofPool("eu-west-1_AbC123", List.of(sub(0), sub(1), sub(2), sub(3), sub(4)), NAMES));

        assertThat(plan.references().get("Users")).isEqualTo(Map.of("id", "@sub"));
        assertThat(plan.table("Users").idsReason()).isEqualTo("partition key 'id' holds users' identities (subs of the users of"
                + " user pool eu-west-1_AbC123): the identity map gives each item its new key");
        assertThat(plan.references().get("Posts")).isEqualTo(Map.of("userId", "@sub"));
        assertThat(PlanParser.parse(plan.planJson()).table("Users").idMapped()).isTrue();
    }

    @Test
    void aTableKeyedByTheSubsOwnerValuesShow_keepsItsKeys_butIsWarnedOf() {
        usersKeyedBySub();

        InferredPlan plan = infer(100, null);

        assertThat(plan.references().get("Users")).isNull();
        assertThat(plan.table("Users").ids()).isEqualTo("sha256");
        assertThat(plan.table("Users").warnings()).containsExactly("its partition key 'id' holds subs seen in owner values, by"
                + " shape only: if its items are keyed by their users, map it by the identity map (\"id\": \"@sub\") so they follow them");
        assertThat(plan.references().get("Posts")).isEqualTo(Map.of("userId", "Users"));
    }

    private void usersKeyedBySub() {
        table("Todo", 20, i -> Map.of("owner", s(sub(i % 5) + "::" + NAMES.get(i % 5))));
        store.createTable("Users" + DEV, "id", ScalarAttributeType.S);
        store.createTable("Users" + PROD, "id", ScalarAttributeType.S);
        for (int u = 0; u < 5; u++) {
            put("Users", Map.of("id", s(sub(u)), "name", s(NAMES.get(u))));
        }
        table("Posts", 20, i -> Map.of("userId", s(sub(i % 5))));
    }

    @Test
    void valuesThatAreNoIdsInsideText_areNotProposed() {
        table("Projects", 10, i -> Map.of());
        table("Things", 40, i -> Map.of(
                "status#createdAt", s((i % 3 == 0 ? "OPEN#" : "DONE#") + "2024-06-01T08:00:%02d.000Z".formatted(i)),
                "link", s("https://uploads.example.com/projects/" + id("Upload", i) + ".jpg"),
                "color", s("#" + List.of("aabbcc", "ff0000", "00ff00").get(i % 3)),
                "path", s("docs/guide/" + List.of("intro", "setup", "usage").get(i % 3)),
                "notes", s(i < 4 ? "PROJECT#" + id("Projects", i) : "free text " + i),
                "version", s("VERSION#" + i)));

        InferredPlan plan = infer(100, null);

        assertThat(plan.references()).isEmpty();
        assertThat(plan.mapsIdentities()).isFalse();
        assertThat(PlanParser.parse(plan.planJson()).identities()).isNull();
        assertThat(plan.table("Things").rejected()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("notes");
            assertThat(r.kind()).isEqualTo(ReferenceEvidence.Kind.PATTERN);
            assertThat(r.reason()).startsWith("only 4 of 40 values (10%) are literal text around IDs, or literal text alone");
        });
    }

    @Test
    void ownerShapedValuesWhoseSubsAreIdsOfATable_areWarnedOf() {
        table("Projects", 5, i -> Map.of());
        table("Things", 20, i -> Map.of("tag", s(id("Projects", i % 5) + "::" + NAMES.get(i % 5))));

        InferredPlan plan = infer(100, null);

        assertThat(plan.references()).isEqualTo(Map.of("Things", Map.of("tag", "@owner")));
        assertThat(plan.table("Projects").warnings()).singleElement().asString().startsWith("its partition key 'id' holds subs");
        assertThat(plan.table("Things").warnings()).containsExactly(
                "tag: the subs in its values are also IDs of Projects; proposed as users' identities (@owner), check it");
    }

    @Test
    void theEvidenceFile_saysWhatKindEachProposalIs() {
        table("Todo", 20, i -> Map.of("owner", s(owner(i % 5)), "ownerKey", s("USER#" + sub(i % 5))));

        String json = infer(100, null).evidenceJson();

        assertThat(json).contains("\"kind\" : \"identity\"", "\"kind\" : \"pattern\"", "\"basis\" : \"USER#<sub>\"",
                "\"pattern\" : \"USER#{sub}\"", "\"placeholders\" : {", "\"sub\" : \"@sub\"", "\"shown\" : \"USER#<sub>\"");
        assertThat(json).doesNotContain("\"target\"", "\"proposed\"", "\"mapsIdentities\"");
    }

    @Test
    void aVersionedSortKey_onATableKeyedByItsOwnIds_isNotTakenForIds() {
        store.createTable("Docs" + DEV, "id", ScalarAttributeType.S, "SK", ScalarAttributeType.S);
        store.createTable("Docs" + PROD, "id", ScalarAttributeType.S, "SK", ScalarAttributeType.S);
        for (int i = 0; i < 30; i++) {
            put("Docs", Map.of("id", s(id("Docs", i / 3)), "SK", s("V#" + id("Revision", i))));
        }

        InferredPlan plan = infer(100, null);

        assertThat(plan.references()).isEmpty();
        assertThat(plan.table("Docs").idAttribute()).isEqualTo("id");
    }

    @Test
    void cut_keepsTheSeparators_andReadsDoubleColonAsOne() {
        assertThat(PatternInference.cut("USER#abc::bob")).containsExactly("USER", "#", "abc", "::", "bob");
        assertThat(PatternInference.cut("a:b")).containsExactly("a:b");
        assertThat(PatternInference.cut("#x")).containsExactly("", "#", "x");
        assertThat(IdentityInference.ownerSub(sub(1) + "::bob")).isEqualTo(sub(1));
        assertThat(IdentityInference.ownerSub("alice::bob")).isNull();
        assertThat(IdentityInference.ownerSub(sub(1) + "::")).isNull();
    }

    private InferredPlan infer(int sample, KnownUsers users) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, sample, Thresholds.DEFAULT, users),
                progress::add);
    }

    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes) {
        store.createTable(model + DEV, "id", ScalarAttributeType.S);
        store.createTable(model + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(attributes.apply(i));
            item.put("id", s(id(model, i)));
            put(model, item);
        }
    }

    private void put(String model, Map<String, AttributeValue> item) {
        store.put(model + DEV, item);
    }

    private static String owner(int user) {
        return sub(user) + "::" + NAMES.get(user % NAMES.size());
    }

    /** A Cognito user's sub: a UUID of its own family. */
    private static String sub(int user) {
        return String.format("5ab0c0de-0000-4000-8000-%012x", user);
    }

    private static String id(String model, int index) {
        return String.format("%08x", model.hashCode()) + String.format("-0000-4000-8000-%012x", index);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
