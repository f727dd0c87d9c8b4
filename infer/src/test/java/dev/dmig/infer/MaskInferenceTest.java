package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.PersonalAttributes;
import dev.dmig.TestFeatures;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.InMemoryItemStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code dmig infer --mask}: a rule for each attribute that looks personal, by the app schema's type, by its values' shapes
 * and by its name (one classification with strict mode's, {@link PersonalAttributes}); a kind the values can take (a
 * list's elements, a map's personal parts, true-or-false kept, numbers where a text kind was named removed); the ID, the
 * keys and the references kept with why; each rule's why in the plan's comment and the summary, never a value; the plan
 * parsed as the masking feature reads it, and every attribute strict mode would refuse decided.
 */
class MaskInferenceTest {
    private static final String DEV = "-mask-dev";
    private static final String PROD = "-mask-prod";
    private static final int PEOPLE = 12;
    private static final String SCHEMA = """
            type Org @model { id: ID! name: String people: [Person] @hasMany(indexName: "byOrg", fields: ["id"]) }
            type Person @model {
              id: ID!
              orgId: ID @index(name: "byOrg")
              org: Org @belongsTo(fields: ["orgId"])
              email: AWSEmail
              lastSeenFrom: AWSIPAddress
              firstName: String
              lastName: String
              emailVerifiedAt: AWSDateTime
              addressMapUrl: AWSURL
              emergency: Emergency
            }
            type Emergency { name: String reachAt: AWSEmail phone: AWSPhone }
            """;

    /** The same app as Gen 2's amplify_outputs.json holds it (model introspection). */
    private static final String OUTPUTS = """
            {"data": {"model_introspection": {"models": {
              "Org": {"name": "Org", "primaryKeyInfo": {"primaryKeyFieldName": "id", "sortKeyFieldNames": []},
                      "fields": {"id": {"name": "id", "type": "ID"}, "name": {"name": "name", "type": "String"}}},
              "Person": {"name": "Person", "primaryKeyInfo": {"primaryKeyFieldName": "id", "sortKeyFieldNames": []}, "fields": {
                "id": {"name": "id", "type": "ID"}, "orgId": {"name": "orgId", "type": "ID"},
                "org": {"name": "org", "type": {"model": "Org"}, "association": {"connectionType": "BELONGS_TO", "targetNames": ["orgId"]}},
                "email": {"name": "email", "type": "AWSEmail"}, "lastSeenFrom": {"name": "lastSeenFrom", "type": "AWSIPAddress"},
                "firstName": {"name": "firstName", "type": "String"}, "lastName": {"name": "lastName", "type": "String"},
                "emailVerifiedAt": {"name": "emailVerifiedAt", "type": "AWSDateTime"},
                "addressMapUrl": {"name": "addressMapUrl", "type": "AWSURL"},
                "emergency": {"name": "emergency", "type": {"nonModel": "Emergency"}}}}},
              "nonModels": {"Emergency": {"name": "Emergency", "fields": {"name": {"name": "name", "type": "String"},
                "reachAt": {"name": "reachAt", "type": "AWSEmail"}, "phone": {"name": "phone", "type": "AWSPhone"}}}}}}}
            """;

    private final InMemoryItemStore store = new InMemoryItemStore();
    private final List<Map<String, AttributeValue>> people = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void eachPersonalAttribute_getsAKindItsValuesTake_andWhy() throws IOException {
        app();

        InferredPlan plan = infer(true);

        assertThat(rules(plan, "Person")).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("birthPlace", "text"), Map.entry("contact", "email"), Map.entry("dateOfBirth", "date"),
                Map.entry("email", "email"), Map.entry("emailVerified", "keep"), Map.entry("firstName", "givenName"),
                Map.entry("lastName", "familyName"), Map.entry("lastSeenFrom", "constant"), Map.entry("mailingAddress.street", "address"),
                Map.entry("mobile", "remove"), Map.entry("note", "text"), Map.entry("phone", "phone"), Map.entry("phones[]", "phone"),
                Map.entry("emailVerifiedAt", "date"), Map.entry("addressMapUrl", "constant"), Map.entry("mailingAddress.city", "keep"),
                Map.entry("emergency.name", "fullName"), Map.entry("emergency.phone", "phone"), Map.entry("emergency.reachAt", "email"),
                Map.entry("guests[].email", "email"))));
        assertThat(rules(plan, "Org")).isEqualTo(Map.of("name", "fullName"));
        assertThat(rules(plan, "Subscriber")).isEqualTo(Map.of("email", "keep"));

        assertThat(why(plan, "Person", "email")).isEqualTo("schema type AWSEmail, " + PEOPLE + " of " + PEOPLE
                + " sampled values are email addresses, its name");
        assertThat(why(plan, "Person", "contact")).isEqualTo(PEOPLE + " of " + PEOPLE + " sampled values are email addresses");
        assertThat(why(plan, "Person", "note")).isEqualTo("1 of " + PEOPLE + " sampled values is an email address");
        assertThat(why(plan, "Person", "phone")).isEqualTo(PEOPLE + " of " + PEOPLE + " sampled values are phone numbers, its name");
        assertThat(why(plan, "Person", "lastSeenFrom")).isEqualTo("schema type AWSIPAddress");
        assertThat(why(plan, "Person", "emailVerifiedAt")).isEqualTo("its name, a date by its schema type AWSDateTime");
        assertThat(why(plan, "Person", "addressMapUrl")).isEqualTo("its name, a URL by its schema type AWSURL");
        assertThat(why(plan, "Person", "mobile")).isEqualTo("its name; its values are numbers (N), which mask phone cannot take:"
                + " removed (or keep it)");
        assertThat(why(plan, "Person", "emailVerified")).isEqualTo("its name; its values are true or false, no one's data");
        assertThat(why(plan, "Person", "birthPlace")).isEqualTo("its name; its values are no dates");
        assertThat(why(plan, "Person", "mailingAddress.street")).isEqualTo("its name; its part street: its name");
        assertThat(why(plan, "Person", "mailingAddress.city")).isEqualTo("its name; its part city: nothing of its own says it is"
                + " personal: kept as it is (mask it if it is)");
        assertThat(why(plan, "Person", "emergency.phone")).as("a map's part, in a map no name says is personal")
                .isEqualTo("schema type AWSPhone, " + PEOPLE + " of " + PEOPLE + " sampled values are phone numbers, its name");
        assertThat(why(plan, "Person", "guests[].email")).as("a list's maps' part")
                .isEqualTo(PEOPLE + " of " + PEOPLE + " sampled values are email addresses, its name");
        assertThat(why(plan, "Subscriber", "email")).isEqualTo(PEOPLE + " of " + PEOPLE + " sampled values are email addresses,"
                + " its name; the table's ID attribute, which names its records, which a mask may not change: kept as it is");
        assertThat(plan.table("Person").mask()).noneMatch(rule -> rule.path().equals("orgId") || rule.path().equals("title"));
    }

    @Test
    void gen2sModelIntrospection_typesTheFieldsAsGen1sSchemaDoes() throws IOException {
        app();
        AppSchema outputs = AppSchema.read(Files.writeString(dir.resolve("amplify_outputs.json"), OUTPUTS));

        InferredPlan gen2 = PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 500,
                Thresholds.DEFAULT).masked(), outputs, line -> { });

        assertThat(rules(gen2, "Person")).isEqualTo(rules(infer(true), "Person"));
        assertThat(rules(gen2, "Person")).as("a non-model type's field, by its type alone").containsEntry("emergency.reachAt", "email");
        assertThat(why(gen2, "Person", "emergency.reachAt")).isEqualTo("schema type AWSEmail");
        assertThat(why(infer(true), "Person", "emergency.reachAt")).isEqualTo("schema type AWSEmail");
        assertThat(why(gen2, "Person", "emergency.phone")).startsWith("schema type AWSPhone, ");
        assertThat(why(gen2, "Person", "lastSeenFrom")).isEqualTo("schema type AWSIPAddress");
        assertThat(why(gen2, "Person", "emailVerifiedAt")).isEqualTo("its name, a date by its schema type AWSDateTime");
        assertThat(why(gen2, "Person", "email")).startsWith("schema type AWSEmail, ");
    }

    @Test
    void thePlan_isParsedAsMaskingReadsIt_andDecidesEveryAttributeStrictModeWouldRefuse() throws IOException {
        TestFeatures.assumeHas("MaskFeature");
        app();
        InferredPlan inferred = infer(true);

        MigrationPlan plan = PlanParser.parse(inferred.planJson());
        JsonNode json = Json.MAPPER.readTree(inferred.planJson());

        assertThat(json.path("mask").path("keyFrom").asText()).isEqualTo(InferredPlan.MASK_KEY_FROM);
        JsonNode person = json.path("tables").path("Person").path("mask");
        assertThat(person.path("lastSeenFrom")).isEqualTo(Json.MAPPER.createObjectNode().put("kind", "constant")
                .put("value", PersonalAttributes.DOCUMENTATION_IP));
        assertThat(person.path("addressMapUrl").path("value").asText()).isEqualTo(MaskInference.NO_ONES_URL);
        Map<String, List<Map<String, AttributeValue>>> items = Map.of("Person", people, "Org", store.items("Org" + DEV),
                "Subscriber", store.items("Subscriber" + DEV));
        items.forEach((model, rows) -> assertThat(undecided(plan.table(model), json, rows)).as(model).isEmpty());
        // Without the rules, strict mode would refuse: the check above can fail.
        InferredPlan withoutMask = infer(false);
        JsonNode unmasked = Json.MAPPER.readTree(withoutMask.planJson());
        assertThat(unmasked.has("mask")).isFalse();
        assertThat(undecided(PlanParser.parse(withoutMask.planJson()).table("Person"), unmasked, people))
                .contains("email", "contact", "note", "firstName", "phone", "emergency.name", "guests[].email");
    }

    @Test
    void theSummaryAndTheComment_sayEachRuleWithWhy_neverAValue() throws IOException {
        app();
        InferredPlan plan = infer(true);

        List<String> summary = plan.summary("plan.json");

        assertThat(summary).contains("masking (--mask): 22 rules in 3 tables, the key from DMIG_MASK_KEY; each with why:");
        assertThat(summary).anySatisfy(line -> assertThat(line).startsWith("  Org ").endsWith("name → fullName (its name)"));
        assertThat(summary).anySatisfy(line -> assertThat(line).endsWith("lastSeenFrom → constant \"192.0.2.1\" (schema type AWSIPAddress)"));
        assertThat(summary).contains("Review the plan, set DMIG_MASK_KEY to a secret of at least 16"
                + " characters, then: dmig analyze --plan plan.json");
        // The plan is written only where it parses, which a plan's masks do where the build has masking.
        TestFeatures.assumeHas("MaskFeature");
        String planJson = plan.planJson();
        assertThat(planJson).contains("mask: addressMapUrl → constant \\\"https://example.invalid/\\\" (its name, a URL by its schema"
                + " type AWSURL); birthPlace → text (its name; its values are no dates); contact → email (" + PEOPLE + " of " + PEOPLE
                + " sampled values are email addresses)");
        for (Map<String, AttributeValue> person : people) {
            for (String attribute : List.of("email", "contact", "phone", "firstName", "birthPlace")) {
                String value = person.get(attribute).s();
                assertThat(String.join("\n", summary)).doesNotContain(value);
                assertThat(planJson).doesNotContain(value);
            }
        }
        // A table keyed by email addresses keeps them (ids preserve): its comment's examples show them masked.
        assertThat(planJson).contains("'s***@c***.com'").doesNotContain("sub0@corp.example.com");
        assertThat(infer(false).planJson()).doesNotContain("\"mask\"");
    }

    /**
     * The attribute paths strict mode would refuse (docs/plan.md, "Strict by default"): whose name says personal, or a
     * string value of which is an email address, at the top level or inside maps and lists, and that the plan neither
     * masks nor keeps nor maps (a path above a decided one is opened: its parts are looked at, each one personal in a map
     * whose name says it is).
     */
    private static Set<String> undecided(TablePlan table, JsonNode plan, List<Map<String, AttributeValue>> items) {
        Set<String> decided = new HashSet<>();
        plan.path("tables").path(table.model()).path("mask").fieldNames().forEachRemaining(decided::add);
        decided.add(table.idAttribute());
        table.references().keySet().forEach(path -> decided.add(path.text()));
        table.mappings().keySet().forEach(path -> decided.add(path.text()));
        Set<String> undecided = new HashSet<>();
        for (Map<String, AttributeValue> item : items) {
            item.forEach((name, value) -> undecided(name, name, value, false, decided, undecided));
        }
        return undecided;
    }

    private static void undecided(String path, String name, AttributeValue value, boolean inPersonal, Set<String> decided,
                                  Set<String> undecided) {
        if (decided.contains(path)) {
            return;
        }
        boolean opened = decided.stream().anyMatch(d -> d.startsWith(path + ".") || d.startsWith(path + "[]"));
        boolean named = name != null && PersonalAttributes.personal(name);
        if (name != null && !opened && (named || inPersonal)) {
            undecided.add(path);
        } else if (value.s() != null && PersonalAttributes.email(value.s())) {
            undecided.add(path);
        } else if (value.hasM()) {
            value.m().forEach((part, inner) -> undecided(path + "." + part, part, inner, named || inPersonal, decided, undecided));
        } else if (value.hasL()) {
            value.l().forEach(element -> undecided(path + "[]", null, element, named || inPersonal, decided, undecided));
        }
    }

    private static Map<String, String> rules(InferredPlan plan, String model) {
        return plan.table(model).mask().stream().collect(Collectors.toMap(ProposedMask::path, ProposedMask::kind, (a, b) -> a,
                TreeMap::new));
    }

    private static String why(InferredPlan plan, String model, String path) {
        return plan.table(model).mask().stream().filter(rule -> rule.path().equals(path)).findFirst().orElseThrow().why();
    }

    private InferredPlan infer(boolean mask) throws IOException {
        AppSchema schema = AppSchema.read(Files.writeString(dir.resolve("schema.graphql"), SCHEMA));
        PlanInference.Options options = new PlanInference.Options(DEV, PROD, 500, Thresholds.DEFAULT);
        return PlanInference.infer(new StoreTableReader(store), mask ? options.masked() : options, schema, line -> { });
    }

    /** Two orgs, their people with every shape of personal value, and a table keyed by email addresses. */
    private void app() {
        for (String side : List.of(DEV, PROD)) {
            store.createTable("Org" + side, "id", ScalarAttributeType.S);
            store.createTable("Person" + side, "id", ScalarAttributeType.S);
            store.createTable("Subscriber" + side, "email", ScalarAttributeType.S);
        }
        for (int i = 0; i < 2; i++) {
            store.put("Org" + DEV, Map.of("id", s(org(i)), "name", s("Org " + i)));
        }
        for (int i = 0; i < PEOPLE; i++) {
            Map<String, AttributeValue> person = new LinkedHashMap<>();
            person.put("id", s("7f3c2a10-0000-4000-8000-" + String.format("%012d", i)));
            person.put("orgId", s(org(i % 2)));
            person.put("email", s("person" + i + "@corp.example.com"));
            person.put("contact", s("reach" + i + "@mail.example.org"));
            person.put("note", i == 3 ? s("note" + i + "@corp.example.com") : s("Likes tea, number " + i));
            person.put("firstName", s("Given" + i));
            person.put("lastName", s("Family" + i));
            person.put("phone", s("+4479460" + (1000 + i)));
            person.put("phones", AttributeValue.fromL(List.of(s("+1 555 010 01" + (10 + i)))));
            person.put("mobile", AttributeValue.fromN("447946" + (1000 + i)));
            person.put("emailVerified", AttributeValue.fromBool(i % 2 == 0));
            person.put("mailingAddress", AttributeValue.fromM(Map.of("street", s(i + " High Street"), "city", s("Leeds"))));
            person.put("lastSeenFrom", s("203.0.113." + i));
            person.put("dateOfBirth", s("1980-03-" + (10 + i)));
            person.put("birthPlace", s("Town" + i));
            person.put("title", s("Engineer"));
            person.put("emergency", AttributeValue.fromM(Map.of("name", s("Kin" + i), "reachAt", s("desk " + i),
                    "phone", s("+44 7946 0" + (100 + i)))));
            person.put("guests", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("email", s("guest" + i + "@mail.example.org"),
                    "seat", s("A" + i))))));
            person.put("emailVerifiedAt", s("2024-05-" + (10 + i) + "T10:00:00.000Z"));
            person.put("addressMapUrl", s("https://maps.example.com/?q=" + i + "+High+Street"));
            people.add(person);
            store.put("Person" + DEV, new HashMap<>(person));
            store.put("Subscriber" + DEV, Map.of("email", s("sub" + i + "@corp.example.com"), "topic", s("news")));
        }
    }

    private static String org(int i) {
        return "0a1b2c3d-0000-4000-8000-00000000000" + i;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
