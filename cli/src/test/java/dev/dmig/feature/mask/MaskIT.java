package dev.dmig.feature.mask;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.cli.CliRun;
import dev.dmig.local.AppTables;
import dev.dmig.local.SampleSpec;
import dev.dmig.local.SharedStack;
import dev.dmig.local.SpecIds;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A preview environment from production, masked, on DynamoDB Local: users' emails, names and phones and the emails of
 * their invitations replaced by fakes drawn from the key the plan's variable holds (the failsafe JVM's environment has
 * two), so that no source value is anywhere in the target, one email masks alike in both tables and references still
 * resolve; two runs with one key write the same target, and another key other values; a run without its key, or with a
 * personal attribute nobody decided about, is refused before anything is written.
 */
class MaskIT {
    private static final int USERS = 25;
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "mask-it",
             "mask": {"keyFrom": "%s"},
             "tables": {"Org": {"mask": {"name": "keep"}},
                        "User": {"references": {"orgId": "Org"},
                                 "mask": {"email": "email", "firstName": "givenName", "lastName": "familyName",
                                          "phone": "phone", "born": {"kind": "date", "days": 30}, "nickname": "keep"}},
                        "Invite": {"references": {"userId": "User"}, "mask": {"email": "email", "guests[].phone": "phone"}}}}
            """;
    private static final String KEYS_PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "mask-keys-it",
             "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"Org": {"mask": {"name": "keep"}},
                        "Member": {"idAttribute": "email", "ids": "preserve", "references": {"orgId": "Org"},
                                   "mask": {%s, "firstName": "givenName",
                                            "GSI1SK": {"pattern": "NAME#{first}", "first": "givenName"}}},
                        "Membership": {"idAttribute": "PK",
                                       "references": {"PK": {"pattern": "USER#{email}", "email": "Member"},
                                                      "SK": {"pattern": "ORG#{org}", "org": "Org"}, "invitedBy": "Member"},
                                       "mask": {"GSI1PK": {"pattern": "EMAIL#{email}", "email": "email"}}}}}
            """;
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(String name) {
        AppTables app = new AppTables(name).table("Org", "id", null).table("User", "id", null).table("Invite", "id", null);
        app.load(app.source("Org"), List.of(Map.of("id", s("o-1"), "name", s("Acme"))));
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        List<Map<String, AttributeValue>> invites = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(Map.of("id", s("u-" + i), "orgId", s("o-1"), "email", s("person" + i + "@acme-corp.com"),
                    "firstName", s(i % 2 == 0 ? "Alice" : "Robert" + i), "lastName", s("Lastname" + i),
                    "phone", s("+4479460" + (1000 + i)), "born", s("1980-03-" + (10 + i % 18)), "nickname", s("nick" + i)));
            invites.add(Map.of("id", s("i-" + i), "userId", s("u-" + i), "email", s("person" + i + "@acme-corp.com"),
                    "guests", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("phone", s(guestPhone(i)), "seat", s("A" + i)))))));
        }
        app.load(app.source("User"), users);
        app.load(app.source("Invite"), invites);
        return app;
    }

    @Test
    void noSourceValueIsInTheTarget_oneEmailMasksAlikeEverywhere_andReferencesResolve(@TempDir Path dir) throws Exception {
        try (AppTables one = app("maskone"); AppTables same = app("masksame"); AppTables other = app("maskother")) {
            migrate(one, dir, "DMIG_TEST_MASK_KEY", "mask-one");
            migrate(same, dir, "DMIG_TEST_MASK_KEY", "mask-same");
            migrate(other, dir, "DMIG_TEST_MASK_KEY_OTHER", "mask-other");

            // Emails, names and phones: none anywhere. A date is one of few values, which another record's may shift onto
            // (docs/decisions/0015): each record's own is checked.
            Set<String> personal = new HashSet<>();
            Map<String, String> born = new HashMap<>();
            for (Map<String, AttributeValue> user : one.scan(one.source("User"))) {
                List.of("email", "firstName", "lastName", "phone").forEach(name -> personal.add(user.get(name).s()));
                personal.add(guestPhone(Integer.parseInt(user.get("id").s().substring("u-".length()))));
                born.put(SpecIds.newId("mask-it", "User", user.get("id").s()), user.get("born").s());
            }
            Map<String, Map<String, AttributeValue>> users = byId(one.scan(one.target("User")));
            Map<String, Map<String, AttributeValue>> orgs = byId(one.scan(one.target("Org")));
            assertThat(users).hasSize(USERS);
            for (String model : List.of("Org", "User", "Invite")) {
                for (Map<String, AttributeValue> item : one.scan(one.target(model))) {
                    List<String> strings = new ArrayList<>();
                    item.values().forEach(value -> SampleSpec.strings(value, strings));
                    assertThat(strings).as(model).noneMatch(personal::contains).noneMatch(text -> text.contains("acme-corp"));
                }
            }
            assertThat(users.keySet()).isEqualTo(born.keySet());
            for (Map<String, AttributeValue> user : users.values()) {
                assertThat(user.get("born").s()).matches("1980-0[2-4]-\\d\\d").isNotEqualTo(born.get(user.get("id").s()));
                assertThat(user.get("email").s()).endsWith("@example.invalid");
                assertThat(user.get("phone").s()).matches("\\+1[2-9][0-9]{2}55501[0-9]{2}");
                assertThat(user.get("nickname").s()).as("kept").startsWith("nick");
                assertThat(orgs).as("the user's org, by its new ID").containsKey(user.get("orgId").s());
            }
            for (Map<String, AttributeValue> invite : one.scan(one.target("Invite"))) {
                Map<String, AttributeValue> user = users.get(invite.get("userId").s());
                assertThat(user).as("the invite's user, by its new ID").isNotNull();
                assertThat(invite.get("email")).as("one email, masked alike in both tables").isEqualTo(user.get("email"));
            }
            assertThat(byId(same.scan(same.target("User")))).as("the same key, the same target").isEqualTo(users);
            Map<String, Map<String, AttributeValue>> others = byId(other.scan(other.target("User")));
            assertThat(others.keySet()).isEqualTo(users.keySet());
            others.forEach((id, user) -> assertThat(user.get("email")).as("another key").isNotEqualTo(users.get(id).get("email")));

            ValidationReport validation = ARTIFACTS.getJson(RunLayout.validation("mask-one"), ValidationReport.class).orElseThrow();
            assertThat(validation.passed()).as(String.join("; ", validation.failures())).isTrue();
            // Read as analysis.json holds it: the test names nothing of the feature's folder.
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("mask-one"), Analysis.class).orElseThrow();
            JsonNode masking = analysis.section("masking", JsonNode.class);
            assertThat(masking.path("keyFrom").asText()).isEqualTo("DMIG_TEST_MASK_KEY");
            assertThat(masking.path("keyFingerprint").asText()).hasSize(16);
            assertThat(masking.toString()).doesNotContain("mask-it-key-one");
            assertThat(masking.path("tables").toString()).contains("\"model\":\"User\"").contains("\"email\":" + USERS)
                    .contains("\"givenName\":" + USERS).contains("\"date\":" + USERS);
        }
    }

    @Test
    void aRunWithoutItsKey_orWithAPersonalAttributeNobodyDecidedAbout_evenNested_isRefusedBeforeAnyWrite(@TempDir Path dir) throws Exception {
        try (AppTables app = app("maskrefused")) {
            CliRun keyless = dmig("migrate", "--plan", plan(app, dir, "DMIG_TEST_MASK_KEY_UNSET").toString(), "--confirm",
                    "--no-backup", "--run", "mask-keyless");
            assertThat(keyless.code()).isNotZero();
            assertThat(keyless.out() + keyless.err()).contains("mask.keyFrom: DMIG_TEST_MASK_KEY_UNSET is not set: the plan"
                    + " masks values with the key it holds; set it to a secret of at least 16 characters");

            Path strict = dir.resolve("strict.json");
            Files.writeString(strict, PLAN.formatted(app.devSuffix, app.prodSuffix, "DMIG_TEST_MASK_KEY")
                    .replace("\"phone\": \"phone\", ", ""));
            CliRun refused = dmig("migrate", "--plan", strict.toString(), "--confirm", "--no-backup", "--run", "mask-strict");
            assertThat(refused.code()).as(refused.out() + refused.err()).isNotZero();
            assertThat(refused.out() + refused.err()).contains("table User, attribute phone: its name says it is personal, and the"
                    + " plan neither masks nor keeps it: add \"phone\": \"phone\" (or another kind) to table User's mask, or"
                    + " \"phone\": \"keep\" to copy it as it is");
            for (String model : List.of("Org", "User", "Invite")) {
                assertThat(app.scan(app.target(model))).as("nothing written to " + model).isEmpty();
            }

            // A personal value nested in a list of maps: refused by its path before any write, accepted once masked.
            Files.writeString(strict, PLAN.formatted(app.devSuffix, app.prodSuffix, "DMIG_TEST_MASK_KEY")
                    .replace(", \"guests[].phone\": \"phone\"", ""));
            CliRun nested = dmig("migrate", "--plan", strict.toString(), "--confirm", "--no-backup", "--run", "mask-strict-nested");
            assertThat(nested.code()).as(nested.out() + nested.err()).isNotZero();
            assertThat((nested.out() + nested.err()).replaceAll("\\s+", " ")).contains("table Invite, attribute guests[].phone: its"
                    + " name says it is personal, and the plan neither masks nor keeps it: add \"guests[].phone\": \"phone\" (or"
                    + " another kind) to table Invite's mask, or \"guests[].phone\": \"keep\" to copy it as it is");
            for (String model : List.of("Org", "User", "Invite")) {
                assertThat(app.scan(app.target(model))).as("nothing written to " + model).isEmpty();
            }
            migrate(app, dir, "DMIG_TEST_MASK_KEY", "mask-nested");
            List<Map<String, AttributeValue>> invites = app.scan(app.target("Invite"));
            assertThat(invites).hasSize(USERS);
            for (Map<String, AttributeValue> invite : invites) {
                String phone = invite.get("guests").l().get(0).m().get("phone").s();
                assertThat(phone).as("the guest's phone, masked").startsWith("+1").doesNotStartWith("+44 20 7946");
            }
        }
    }

    /**
     * Members keyed by their emails (IDs preserved) and memberships keyed by {@code USER#<email>}, a reference to them, with
     * a global index on {@code EMAIL#<email>}: every email masked, one email the same fake in each table and part, every
     * membership's key naming its masked member, and the run validated; a rule that could merge two members, and an email
     * key nobody decided about, refused before any write.
     */
    @Test
    void aTableKeyedByEmail_andCompositeKeysHoldingIt_areMaskedAlike_andEveryReferenceResolves(@TempDir Path dir) throws Exception {
        try (AppTables app = new AppTables("maskkeys").table("Org", "id", null).table("Member", "email", null)
                .table("Membership", "PK", "SK", new AppTables.Index("GSI1", "GSI1PK", null))) {
            app.load(app.source("Org"), List.of(Map.of("id", s("o-1"), "name", s("Acme")), Map.of("id", s("o-2"), "name", s("Initech"))));
            List<Map<String, AttributeValue>> members = new ArrayList<>();
            List<Map<String, AttributeValue>> memberships = new ArrayList<>();
            Set<String> personal = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                String email = "member" + i + "@acme-corp.com";
                personal.add(email);
                personal.add("Firstname" + i);
                members.add(Map.of("email", s(email), "firstName", s("Firstname" + i), "orgId", s("o-1"),
                        "GSI1SK", s("NAME#Firstname" + i)));
                for (String org : List.of("o-1", "o-2")) {
                    memberships.add(Map.of("PK", s("USER#" + email), "SK", s("ORG#" + org), "GSI1PK", s("EMAIL#" + email),
                            "invitedBy", s("member" + (i + 1) % 10 + "@acme-corp.com")));
                }
            }
            app.load(app.source("Member"), members);
            app.load(app.source("Membership"), memberships);
            Path plan = dir.resolve("keys.json");
            // Refused before any write: a kind that could merge two members, and a key nobody decided about.
            Files.writeString(plan, KEYS_PLAN.formatted(app.devSuffix, app.prodSuffix, "\"email\": \"givenName\""));
            CliRun merged = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "mask-keys-merged");
            assertThat(merged.code()).isNotZero();
            // The terminal wraps the line: read as one.
            assertThat((merged.out() + merged.err()).replaceAll("\\s+", " ")).contains("table Member, attribute email: is the"
                    + " table's ID attribute, which names its record, and mask givenName can give two source values one masked"
                    + " value, so two records would have one ID: mask it as \"email\" or \"username\", whose values stay apart,"
                    + " or remove it from mask").doesNotContain("Exception");
            Files.writeString(plan, KEYS_PLAN.formatted(app.devSuffix, app.prodSuffix, "\"nickname\": \"keep\""));
            CliRun undecided = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "mask-keys-undecided");
            assertThat(undecided.code()).isNotZero();
            assertThat((undecided.out() + undecided.err()).replaceAll("\\s+", " ")).contains("table Member, attribute email: its"
                    + " name says it is personal, and the plan neither masks nor keeps it: add \"email\": \"email\" (or another"
                    + " kind) to table Member's mask, or \"email\": \"keep\" to copy it as it is");
            for (String model : List.of("Org", "Member", "Membership")) {
                assertThat(app.scan(app.target(model))).as("nothing written to " + model).isEmpty();
            }

            Files.writeString(plan, KEYS_PLAN.formatted(app.devSuffix, app.prodSuffix, "\"email\": \"email\""));
            // A slice reaching the tables keyed by emails keeps their members sealed in slice.json, their counts printed.
            CliRun slice = dmig("analyze", "--plan", plan.toString(), "--root", "Org:o-1", "--run", "mask-keys-slice");
            assertThat(slice.code()).as(slice.out() + slice.err()).isZero();
            assertThat(slice.out()).contains("Slice of Org:o-1: 21 items (1 root, 20 descendants, 0 ancestors)")
                    .containsPattern("Member +10  10 through Member.orgId").containsPattern("Membership +10  10 through Membership.invitedBy");
            assertThat(ARTIFACTS.list(RunLayout.prefix("mask-keys-slice"))).contains(RunLayout.slice("mask-keys-slice"));
            assertThat(RunArtifacts.dryRunHolding(ARTIFACTS, "mask-keys-slice", List.of("acme-corp"))).as("artifacts holding a source email")
                    .isEmpty();
            CliRun run = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "mask-keys");
            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out().replaceAll("\\s+", " ")).as("each masked part counted as a value of its kind")
                    .contains("table Member: 10 email, 20 givenName").contains("table Membership: 20 email");

            Set<String> emails = new HashSet<>();
            app.scan(app.target("Member")).forEach(member -> emails.add(member.get("email").s()));
            assertThat(emails).hasSize(10).allMatch(email -> email.endsWith("@example.invalid"));
            List<Map<String, AttributeValue>> copies = app.scan(app.target("Membership"));
            assertThat(copies).hasSize(20);
            for (Map<String, AttributeValue> membership : copies) {
                String email = membership.get("PK").s().substring("USER#".length());
                assertThat(emails).as("the membership's member, by its masked email").contains(email);
                assertThat(membership.get("GSI1PK").s()).as("one email, the same fake in every part").isEqualTo("EMAIL#" + email);
                assertThat(emails).as("the member who invited them").contains(membership.get("invitedBy").s());
                assertThat(membership.get("SK").s()).isIn("ORG#" + SpecIds.newId("mask-keys-it", "Org", "o-1"),
                        "ORG#" + SpecIds.newId("mask-keys-it", "Org", "o-2"));
            }
            for (String model : List.of("Org", "Member", "Membership")) {
                for (Map<String, AttributeValue> item : app.scan(app.target(model))) {
                    List<String> strings = new ArrayList<>();
                    item.values().forEach(value -> SampleSpec.strings(value, strings));
                    assertThat(strings).as(model).noneMatch(text -> personal.stream().anyMatch(text::contains));
                }
            }
            ValidationReport validation = ARTIFACTS.getJson(RunLayout.validation("mask-keys"), ValidationReport.class).orElseThrow();
            assertThat(validation.passed()).as(String.join("; ", validation.failures())).isTrue();
            // The source IDs that hold emails are nowhere in what the run keeps: its journal names those records by their
            // target keys, and their ID maps list none.
            assertThat(RunArtifacts.holding(ARTIFACTS, "mask-keys", List.of("acme-corp"))).as("artifacts holding a source email")
                    .isEmpty();
            CliRun idMap = dmig("idmap", "--run", "mask-keys", "--table", "Member");
            assertThat(idMap.code()).as(idMap.err()).isZero();
            assertThat(idMap.out().strip()).isEqualTo("old_id,new_id");
        }
    }

    private static void migrate(AppTables app, Path dir, String keyFrom, String runId) throws Exception {
        CliRun migrate = dmig("migrate", "--plan", plan(app, dir, keyFrom).toString(), "--confirm", "--no-backup",
                "--run", runId);
        assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
        assertThat(migrate.out()).contains("masking: key from " + keyFrom + " (fingerprint ");
    }

    /** The phone of invite {@code i}'s guest, a value nested in a list of maps. */
    private static String guestPhone(int i) {
        return "+44 20 7946 " + (5000 + i);
    }

    private static Map<String, Map<String, AttributeValue>> byId(List<Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> byId = new HashMap<>();
        items.forEach(item -> byId.put(item.get("id").s(), item));
        return byId;
    }

    private static Path plan(AppTables app, Path dir, String keyFrom) throws Exception {
        Path file = dir.resolve("plan-" + app.devSuffix + keyFrom + ".json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, app.prodSuffix, keyFrom));
        return file;
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
