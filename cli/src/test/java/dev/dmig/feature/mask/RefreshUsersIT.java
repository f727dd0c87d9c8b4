package dev.dmig.feature.mask;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.CliRun;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A masked preview with users, refreshed ({@code dmig migrate --refresh}), on cognito-local and DynamoDB Local: the
 * earlier run's users are deleted by its undo and created again by the refresh's run, the same fake people (usernames,
 * emails, names) under the same key, and every todo's owner names its user as the pool has it now; the team's own user
 * in the preview's pool stays.
 */
class RefreshUsersIT {
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s", "userPoolId": "%s", "userPoolEndpoint": "%s"},
             "target": {"tableSuffix": "%s", "userPoolId": "%s", "userPoolEndpoint": "%s"},
             "idNamespace": "refresh-users", "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"Todo": {"references": {"owner": "@owner"}, "mask": {"ownerEmail": "email", "title": "keep"}}}}
            """;
    private static final String[][] PEOPLE = {
        {"brynmor", "brynmor.talvace@acme-corp.com", "Brynmor", "Talvace"},
        {"odalys", "odalys.fenwright@acme-corp.com", "Odalys", "Fenwright"}};
    private static CognitoLocal cognito;

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
    }

    @Test
    void theEarlierRunsUsersAreMadeAgain_theSameFakePeople_andTheOwnersNameThem_theTeamsOwnUserStays(@TempDir Path dir)
            throws Exception {
        String prod = cognito.createPool("refresh-prod", false);
        String preview = cognito.createPool("refresh-preview", false);
        cognito.createUser(preview, "qa-admin", Map.of("email", "qa@preview.example.invalid"));
        try (AppTables app = new AppTables("refreshusers").table("Todo", "id", null)) {
            List<Map<String, AttributeValue>> todos = new ArrayList<>();
            for (String[] person : PEOPLE) {
                String[] user = cognito.createUser(prod, person[0], Map.of("email", person[1], "given_name", person[2],
                        "family_name", person[3], "name", person[2] + " " + person[3]));
                todos.add(Map.of("id", s("todo-" + person[0]), "owner", s(user[1] + "::" + user[0]), "ownerEmail", s(person[1]),
                        "title", s("a todo")));
            }
            app.load(app.source("Todo"), todos);
            Path plan = dir.resolve("plan.json");
            String endpoint = cognito.endpoint().toString();
            Files.writeString(plan, PLAN.formatted(app.devSuffix, prod, endpoint, app.prodSuffix, preview, endpoint));

            CliRun first = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "rf-users-1");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            Map<String, List<String>> people = people(preview);
            assertThat(people).hasSize(PEOPLE.length + 1);

            CliRun refresh = dmig("migrate", "--plan", plan.toString(), "--refresh", "--confirm", "--no-backup", "--run",
                    "rf-users-2");
            assertThat(refresh.code()).as(refresh.out() + refresh.err()).isZero();
            assertThat(refresh.out()).contains("masked: 2 created");
            assertThat(people(preview)).as("the same fake people, and the team's own user").isEqualTo(people);
            Map<String, String> owners = new HashMap<>();
            for (UserType user : cognito.client().listUsers(b -> b.userPoolId(preview)).users()) {
                owners.put(attribute(user, "email"), attribute(user, "sub") + "::" + user.username());
            }
            List<Map<String, AttributeValue>> copies = app.scan(app.target("Todo"));
            assertThat(copies).hasSize(PEOPLE.length).allSatisfy(todo -> assertThat(todo.get("owner").s())
                    .as("the owner names its user as the pool has it now").isEqualTo(owners.get(todo.get("ownerEmail").s())));
        }
    }

    /** Each user of the pool: username → email, given name, family name. */
    private static Map<String, List<String>> people(String pool) {
        Map<String, List<String>> people = new HashMap<>();
        for (UserType user : cognito.client().listUsers(b -> b.userPoolId(pool)).users()) {
            people.put(user.username(), List.of(String.valueOf(attribute(user, "email")), String.valueOf(attribute(user, "given_name")),
                    String.valueOf(attribute(user, "family_name"))));
        }
        return people;
    }

    private static String attribute(UserType user, String name) {
        return user.attributes().stream().filter(a -> a.name().equals(name)).map(AttributeType::value).findFirst().orElse(null);
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
