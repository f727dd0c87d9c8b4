package dev.dmig.feature.mask;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cli.CliRun;
import dev.dmig.cognito.CognitoFront;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.faults.FaultProxy;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A preview's users come masked, on cognito-local (an emulator of Cognito's user-pool API, not Cognito) and DynamoDB
 * Local: production's pool (by username) holds three people with emails, phones and names whose todos are copied, and
 * one whom no record names (who stays out of the preview); the preview's pool
 * holds the team's own {@code qa-admin}. A dry run creates no one and says how many a run would; a masked migration puts production's users in the preview's pool with every
 * email, phone and name masked, the same fake email as their records' masked {@code ownerEmail}, and the todos' owners
 * naming them; a second run under the same key creates no one again; each rollback deletes the users its run created,
 * and only those. A creation whose answer is lost (a test-side {@link CognitoFront} in front of cognito-local, for a
 * failure Cognito's API can give and cognito-local cannot) fails the run, which deletes every user it created, the lost
 * one included (found by the masked username it recorded before asking), so that its "nothing was written" holds; a run
 * again creates each user once. A run refused after its users were created (strict mode, which needs the scans)
 * deletes them too, and one whose copy fails (DynamoDB refusing its first write, through the project's fault proxy) is
 * rolled back with them. A preview pool that signs users in by email gets its users by their masked email, and a run
 * again finds them by it. A test run creates the users its table's records name, and its rollback deletes them. A slice (a run with {@code --root}) puts in the preview only the users its members name.
 */
class MaskedUsersIT {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s", "userPoolId": "%s", "userPoolEndpoint": "%s"},
             "target": {"tableSuffix": "%s", "userPoolId": "%s", "userPoolEndpoint": "%s"},
             "idNamespace": "masked-users", "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"Todo": {"references": {"owner": "@owner"}, "mask": {"ownerEmail": "email", "title": "keep"}}}}
            """;
    /** Each source user: username, email, phone, given name, family name. */
    private static final String[][] PEOPLE = {
        {"zyxalia", "zyxalia.quorvath@acme-corp.com", "+447946001001", "Zyxalia", "Quorvath"},
        {"qorbin", "Qorbin.Vexley@acme-corp.com", "+447946001002", "Qorbin", "Vexley"},
        {"vexcarol", "vexcarol.thrane@acme-corp.com", "+447946001003", "Vexcarol", "Thrane"}};
    private static final int TODOS = 4;
    private static CognitoLocal cognito;
    private static CognitoFront front;

    /** The two pools of one test, and each source user's sub and owner value. */
    private record Pools(String prod, String preview, Map<String, String> owners) {}

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
        front = new CognitoFront(cognito.endpoint(), 60);
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
    }

    private static Pools pools() {
        return pools(false);
    }

    /** {@code previewByEmail}: the preview's pool signs users in by email (and holds no user of the team's). */
    private static Pools pools(boolean previewByEmail) {
        int n = POOLS.incrementAndGet();
        String prod = cognito.createPool("masked-prod-" + n, false);
        String preview = cognito.createPool("masked-preview-" + n, previewByEmail);
        Map<String, String> owners = new HashMap<>();
        for (String[] person : PEOPLE) {
            String[] user = cognito.createUser(prod, person[0], Map.of("email", person[1], "phone_number", person[2],
                    "given_name", person[3], "family_name", person[4], "name", person[3] + " " + person[4]));
            owners.put(person[1], user[1] + "::" + user[0]);
        }
        // A production user no record names: not put in the preview.
        cognito.createUser(prod, "nomad", Map.of("email", "nomad.ostrander@acme-corp.com", "given_name", "Nomadine"));
        if (!previewByEmail) {
            cognito.createUser(preview, "qa-admin", Map.of("email", "qa@preview.example.invalid"));
        }
        return new Pools(prod, preview, owners);
    }

    /** Todos owned by each source user, each holding its owner's email. */
    private static AppTables app(String name, Pools pools) {
        AppTables app = new AppTables(name).table("Todo", "id", null);
        List<Map<String, AttributeValue>> todos = new ArrayList<>();
        int i = 0;
        for (String[] person : PEOPLE) {
            for (int t = 0; t < TODOS; t++) {
                todos.add(Map.of("id", s("todo-" + i++), "owner", s(pools.owners().get(person[1])), "ownerEmail", s(person[1]),
                        "title", s("todo " + t)));
            }
        }
        app.load(app.source("Todo"), todos);
        return app;
    }

    private static Path plan(AppTables app, Pools pools, Path dir) throws Exception {
        Path file = dir.resolve("plan-" + app.devSuffix + ".json");
        String endpoint = front.endpoint().toString();
        Files.writeString(file, PLAN.formatted(app.devSuffix, pools.prod(), endpoint, app.prodSuffix, pools.preview(), endpoint));
        return file;
    }

    @Test
    void theSourcesUsers_comeMasked_ownersNameThem_aSecondRunReusesThem_andEachRollbackDeletesOnlyItsOwn(@TempDir Path dir)
            throws Exception {
        Pools pools = pools();
        try (AppTables one = app("maskusersone", pools); AppTables two = app("maskuserstwo", pools)) {
            CliRun dry = dmig("analyze", "--plan", plan(one, pools, dir).toString(), "--run", "masked-users-dry");
            assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains("masked: 3 to be created by a run that writes").doesNotContain("acme-corp");
            assertThat(usernames(pools.preview())).as("a dry run creates no one").containsExactly("qa-admin");
            Map<String, String> previewed = previewedOwners(plan(one, pools, dir));
            assertThat(usernames(pools.preview())).as("a preview creates no one").containsExactly("qa-admin");

            CliRun first = migrate(plan(one, pools, dir), "masked-users-1");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            // The preview mapped each owner to the stand-in of the masked user the run then created: the same username.
            Map<String, String> written = new HashMap<>();
            owners(one).forEach((email, owner) -> written.put(email, owner.substring(owner.indexOf("::"))));
            Map<String, String> shown = new HashMap<>();
            previewed.forEach((email, owner) -> shown.put(email, owner.substring(owner.indexOf("::"))));
            assertThat(shown).hasSize(PEOPLE.length).isEqualTo(written);
            assertThat(previewedOwners(plan(one, pools, dir))).as("a preview once the users are there: as the run wrote")
                    .isEqualTo(owners(one));

            // Validation proves the pool's users clean: one given a source email since is named, never the email.
            Map<String, UserType> made = maskedUsers(pools.preview());
            String someone = made.keySet().iterator().next();
            String sub = made.get(someone).attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
            cognito.client().adminUpdateUserAttributes(b -> b.userPoolId(pools.preview()).username(someone)
                    .userAttributes(AttributeType.builder().name("nickname").value(PEOPLE[0][1]).build()));
            CliRun dirty = dmig("validate", "--run", "masked-users-1");
            assertThat(dirty.code()).as(dirty.out() + dirty.err()).isNotZero();
            assertThat((dirty.out() + dirty.err()).replaceAll("\\s+", " ")).contains("user pool " + pools.preview() + ", user " + sub
                    + ", attribute nickname: holds a source email that the run masks").doesNotContain("acme-corp");
            cognito.client().adminDeleteUserAttributes(b -> b.userPoolId(pools.preview()).username(someone)
                    .userAttributeNames("nickname"));
            assertThat(maskedUsers(pools.preview()).get(someone).attributes()).as("as the run made them")
                    .containsExactlyInAnyOrderElementsOf(made.get(someone).attributes());
            CliRun clean = dmig("validate", "--run", "masked-users-1");
            assertThat(clean.code()).as(clean.out() + clean.err()).isZero();

            Map<String, UserType> masked = maskedUsers(pools.preview());
            assertThat(masked).hasSize(PEOPLE.length);
            assertThat(front.creations(pools.preview())).isEqualTo(PEOPLE.length);
            assertNothingPersonal(pools.preview());
            assertOwnersNameTheirMaskedUsers(one, masked);
            assertThat(first.out() + first.err()).doesNotContain("acme-corp").doesNotContain("Quorvath").doesNotContain("nomad")
                    .doesNotContain("zyxalia");
            assertThat(first.out()).contains("  masking: 3 users of pool " + pools.prod() + " put in pool " + pools.preview()
                    + " masked: 3 created").contains(", 3 put in it by the run");

            CliRun second = migrate(plan(two, pools, dir), "masked-users-2");
            assertThat(second.code()).as(second.out() + second.err()).isZero();
            assertThat(maskedUsers(pools.preview())).as("the same key: the same users, none created twice")
                    .isEqualTo(masked);
            assertThat(front.creations(pools.preview())).as("no creation asked for").isEqualTo(PEOPLE.length);
            assertThat(second.out()).contains("masked: 0 created, 3 there already");
            assertThat(owners(two)).as("the second run's owners name the same users").isEqualTo(owners(one));

            CliRun keeping = dmig("rollback", "--run", "masked-users-2", "--confirm");
            assertThat(keeping.code()).as(keeping.out() + keeping.err()).isZero();
            assertThat(maskedUsers(pools.preview())).as("the second run created none, and deletes none").isEqualTo(masked);
            assertThat(keeping.out()).contains("  " + PEOPLE.length + " users of pool " + pools.preview() + " kept: there before the"
                    + " run, not the run's to delete\n").doesNotContain("the run created deleted");
            int before = usernames(pools.preview()).size();
            CliRun rollback = dmig("rollback", "--run", "masked-users-1", "--confirm");
            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(usernames(pools.preview())).as("the team's own user stays").containsExactly("qa-admin");
            assertThat(rollback.out()).as("the users deleted, as many as the pool lost").contains("  " + (before - 1) + " users the run"
                    + " created deleted from pool " + pools.preview() + "\n").doesNotContain(" kept: there before the run");
            assertThat(ARTIFACTS.list(RunLayout.writtenBeside("masked-users-1"))).isEmpty();
            assertThat(one.scan(one.target("Todo"))).isEmpty();
        }
    }

    @Test
    void aSlice_putsInThePreviewOnlyTheUsersItsRecordsName(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        try (AppTables app = new AppTables("maskusersslice").table("Org", "id", null).table("Todo", "id", null)) {
            app.load(app.source("Org"), List.of(Map.of("id", s("o-1")), Map.of("id", s("o-2"))));
            List<Map<String, AttributeValue>> todos = new ArrayList<>();
            for (int i = 0; i < PEOPLE.length; i++) {
                // The last person's todo is in the other org, which the slice leaves out.
                todos.add(Map.of("id", s("todo-" + i), "orgId", s(i < PEOPLE.length - 1 ? "o-1" : "o-2"),
                        "owner", s(pools.owners().get(PEOPLE[i][1])), "ownerEmail", s(PEOPLE[i][1]), "title", s("todo")));
            }
            app.load(app.source("Todo"), todos);
            Path plan = plan(app, pools, dir);
            Files.writeString(plan, Files.readString(plan).replace("\"tables\": {\"Todo\": {\"references\": {",
                    "\"tables\": {\"Org\": {}, \"Todo\": {\"references\": {\"orgId\": \"Org\", "));

            CliRun sliced = dmig("migrate", "--plan", plan.toString(), "--root", "Org:o-1", "--confirm", "--no-backup", "--run",
                    "masked-users-slice");

            assertThat(sliced.code()).as(sliced.out() + sliced.err()).isZero();
            Map<String, UserType> masked = maskedUsers(pools.preview());
            assertThat(masked).as("the slice's two owners, not the other org's").hasSize(PEOPLE.length - 1);
            assertOwnersNameTheirMaskedUsers(app, masked, PEOPLE.length - 1);
            assertThat(sliced.out()).contains("masking: 2 users of pool " + pools.prod() + " put in pool " + pools.preview()
                    + " masked: 2 created");
        }
    }

    @Test
    void aTestRun_createsTheUsersItsTablesName_andItsRollbackDeletesThem(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        try (AppTables app = app("maskuserstest", pools)) {
            CliRun test = dmig("test", "--plan", plan(app, pools, dir).toString(), "--table", "Todo", "--limit", "1", "--run",
                    "masked-users-test");
            assertThat(test.code()).as(test.out() + test.err()).isZero();
            Map<String, UserType> masked = maskedUsers(pools.preview());
            assertThat(masked).as("every user the table's records name").hasSize(PEOPLE.length);
            List<Map<String, AttributeValue>> copied = app.scan(app.target("Todo"));
            assertThat(copied).hasSize(1);
            assertThat(masked.values().stream().map(u -> attribute(u, "sub") + "::" + u.username()))
                    .as("the copy's owner is one of them").contains(copied.get(0).get("owner").s());

            CliRun rollback = dmig("rollback", "--run", "masked-users-test", "--confirm");
            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(usernames(pools.preview())).containsExactly("qa-admin");
        }
    }

    @Test
    void aPreviewPoolThatSignsInByEmail_getsItsUsersByTheirMaskedEmail_andARunAgainFindsThemByIt(@TempDir Path dir)
            throws Exception {
        Pools pools = pools(true);
        try (AppTables one = app("maskusersbyemailone", pools); AppTables two = app("maskusersbyemailtwo", pools)) {
            CliRun first = migrate(plan(one, pools, dir), "masked-users-email-1");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            Map<String, UserType> masked = maskedUsers(pools.preview());
            assertThat(masked).hasSize(PEOPLE.length);
            assertNothingPersonal(pools.preview());
            assertOwnersNameTheirMaskedUsers(one, masked);

            CliRun second = migrate(plan(two, pools, dir), "masked-users-email-2");
            assertThat(second.code()).as(second.out() + second.err()).isZero();
            assertThat(front.creations(pools.preview())).as("found by their masked email, none created twice").isEqualTo(PEOPLE.length);
            assertThat(owners(two)).isEqualTo(owners(one));

            assertThat(dmig("rollback", "--run", "masked-users-email-2", "--confirm").code()).isZero();
            assertThat(dmig("rollback", "--run", "masked-users-email-1", "--confirm").code()).isZero();
            assertThat(usernames(pools.preview())).isEmpty();
        }
    }

    @Test
    void aCreationWhoseAnswerIsLost_failsTheRun_whichDeletesEveryUserItCreated_theLostOneIncluded_andARunAgainCreatesEachOnce(
            @TempDir Path dir) throws Exception {
        Pools pools = pools();
        try (AppTables app = app("maskuserslost", pools)) {
            // The second creation reaches the pool, but its answer does not reach dmig.
            front.loseAnswerOfCreateUser(pools.preview(), 2);
            CliRun failed = migrate(plan(app, pools, dir), "masked-users-lost");
            assertThat(failed.code()).as(failed.out() + failed.err()).isNotZero();
            assertThat(failed.out() + failed.err()).doesNotContain("acme-corp").contains("nothing was written");
            assertThat(usernames(pools.preview())).as("the users it created deleted, the lost answer's too").containsExactly("qa-admin");
            assertThat(ARTIFACTS.list(RunLayout.writtenBeside("masked-users-lost"))).isEmpty();
            assertThat(app.scan(app.target("Todo"))).isEmpty();

            CliRun again = migrate(plan(app, pools, dir), "masked-users-again");
            assertThat(again.code()).as(again.out() + again.err()).isZero();
            Map<String, UserType> masked = maskedUsers(pools.preview());
            assertThat(masked).as("each user once").hasSize(PEOPLE.length);
            assertNothingPersonal(pools.preview());
            assertOwnersNameTheirMaskedUsers(app, masked);
        }
    }

    @Test
    void aRunRefusedAfterItsUsersWereCreated_deletesThem_soThatNothingWasWritten(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        try (AppTables app = app("maskusersrefused", pools)) {
            // ownerEmail neither masked nor kept: strict mode refuses the run once the scans found it, after the users.
            Path plan = plan(app, pools, dir);
            Files.writeString(plan, Files.readString(plan).replace("\"ownerEmail\": \"email\", ", ""));
            CliRun refused = migrate(plan, "masked-users-refused");
            assertThat(refused.code()).as(refused.out() + refused.err()).isNotZero();
            assertThat(refused.out() + refused.err()).contains("table Todo, attribute ownerEmail: ").contains("nothing was written")
                    .doesNotContain("acme-corp");
            assertThat(front.creations(pools.preview())).as("created before the refusal").isEqualTo(PEOPLE.length);
            assertThat(usernames(pools.preview())).as("the users it created deleted").containsExactly("qa-admin");
            assertThat(ARTIFACTS.list(RunLayout.writtenBeside("masked-users-refused"))).isEmpty();
            assertThat(app.scan(app.target("Todo"))).isEmpty();
        }
    }

    @Test
    void aRunThatFailsInItsCopy_isRolledBack_andTheUsersItCreatedGoWithItsRecords(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        try (AppTables app = app("maskuserscopy", pools);
             FaultProxy proxy = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 11)) {
            // DynamoDB refuses the copy's first write, as a policy without the action makes it: the run fails after its users.
            proxy.inject(FaultProxy.Fault.ACCESS_DENIED).on("BatchWriteItem").times(1);
            List<String> endpoints = new ArrayList<>(List.of("--dynamodb-endpoint", proxy.endpoint().toString()));
            endpoints.addAll(CliRun.embeddedS3());
            CliRun failed = CliRun.of(endpoints, "migrate", "--plan", plan(app, pools, dir).toString(), "--confirm", "--no-backup",
                    "--run", "masked-users-copy");
            assertThat(failed.code()).as(failed.out() + failed.err()).isNotZero();
            assertThat(failed.out()).contains("ROLLED BACK  run masked-users-copy (full): DynamoDB denied access");
            assertThat(front.creations(pools.preview())).as("created before the copy").isEqualTo(PEOPLE.length);
            assertThat(usernames(pools.preview())).as("rolled back with the run").containsExactly("qa-admin");
            assertThat(ARTIFACTS.list(RunLayout.writtenBeside("masked-users-copy"))).isEmpty();
            assertThat(app.scan(app.target("Todo"))).isEmpty();
        }
    }

    private static CliRun migrate(Path plan, String runId) {
        return dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", runId);
    }

    /** The preview pool's users but the team's own, by username. */
    private static Map<String, UserType> maskedUsers(String pool) {
        Map<String, UserType> users = new HashMap<>();
        cognito.client().listUsers(b -> b.userPoolId(pool)).users().stream().filter(u -> !u.username().equals("qa-admin"))
                .forEach(u -> users.put(u.username(), u));
        return users;
    }

    private static Set<String> usernames(String pool) {
        Set<String> names = new TreeSet<>();
        cognito.client().listUsers(b -> b.userPoolId(pool)).users().forEach(u -> names.add(u.username()));
        return names;
    }

    private static String attribute(UserType user, String name) {
        return user.attributes().stream().filter(a -> a.name().equals(name)).map(AttributeType::value).findFirst().orElse(null);
    }

    /** No source email, phone or name anywhere in the preview's pool; each masked user has a fake of each. */
    private static void assertNothingPersonal(String pool) {
        List<String> values = new ArrayList<>();
        for (UserType user : cognito.client().listUsers(b -> b.userPoolId(pool)).users()) {
            values.add(user.username());
            user.attributes().forEach(a -> values.add(a.value()));
            if (!user.username().equals("qa-admin")) {
                assertThat(attribute(user, "email")).endsWith("@example.invalid");
                assertThat(user.username()).as("a username masks as one, or is the sub in a pool that signs in by email")
                        .matches("[a-z]+\\.[a-z]+\\.[0-9a-f]{12}|" + java.util.regex.Pattern.quote(attribute(user, "sub")));
                assertThat(attribute(user, "phone_number")).matches("\\+1[2-9][0-9]{2}55501[0-9]{2}");
                assertThat(attribute(user, "given_name")).isNotBlank();
                assertThat(attribute(user, "name")).isNotBlank();
            }
        }
        assertThat(values).as("the user no record names").noneMatch(v -> v.equalsIgnoreCase("nomad.ostrander@acme-corp.com")
                || v.equals("Nomadine") || v.equals("nomad"));
        for (String[] person : PEOPLE) {
            for (String value : person) {
                assertThat(values).as("no source value in the preview's pool").noneMatch(v -> v.equalsIgnoreCase(value));
            }
        }
    }

    /** Each todo's owner is {@code <sub>::<username>} of the preview user whose email is the todo's masked ownerEmail. */
    private static void assertOwnersNameTheirMaskedUsers(AppTables app, Map<String, UserType> masked) {
        assertOwnersNameTheirMaskedUsers(app, masked, PEOPLE.length * TODOS);
    }

    private static void assertOwnersNameTheirMaskedUsers(AppTables app, Map<String, UserType> masked, int copied) {
        Map<String, String> ownerByEmail = new HashMap<>();
        masked.values().forEach(u -> ownerByEmail.put(attribute(u, "email"), attribute(u, "sub") + "::" + u.username()));
        List<Map<String, AttributeValue>> todos = app.scan(app.target("Todo"));
        assertThat(todos).hasSize(copied);
        for (Map<String, AttributeValue> todo : todos) {
            assertThat(todo.get("ownerEmail").s()).endsWith("@example.invalid");
            assertThat(todo.get("owner").s()).as("one email masked alike in the record and the pool")
                    .isEqualTo(ownerByEmail.get(todo.get("ownerEmail").s()));
        }
    }

    /** What {@code dmig preview} shows a run would write as each todo's owner, by the masked owner email it shows. */
    private static Map<String, String> previewedOwners(Path plan) throws Exception {
        CliRun preview = dmig("preview", "--plan", plan.toString(), "--table", "Todo", "--limit", "100", "--output", "json");
        assertThat(preview.code()).as(preview.out() + preview.err()).isZero();
        Map<String, String> owners = new HashMap<>();
        for (JsonNode item : Json.MAPPER.readTree(preview.out())) {
            assertThat(item.has("target")).as("previewed as written: " + item).isTrue();
            assertThat(item.get("target").toString()).as("what a run would write").doesNotContain("acme-corp");
            owners.put(item.at("/target/ownerEmail/S").asText(), item.at("/target/owner/S").asText());
        }
        return owners;
    }

    private static Map<String, String> owners(AppTables app) {
        Map<String, String> owners = new HashMap<>();
        app.scan(app.target("Todo")).forEach(todo -> owners.put(todo.get("ownerEmail").s(), todo.get("owner").s()));
        return owners;
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
