package dev.dmig.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.TestFeatures;
import dev.dmig.cli.Dmig;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.faults.CognitoLocalServer;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleSchema;
import dev.dmig.sample.SampleStorage;
import dev.dmig.store.AwsClients;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The masked preview's "Show" check, on DynamoDB Local, the S3 store and cognito-local: the sample app (a few
 * hundred items, its users in a source pool with emails, phones and names, its Storage files) masked by the whole app's
 * masked plan ({@link AppMask}) into empty "preview" environments (empty tables, an empty bucket, an empty fresh pool), by
 * {@code dmig migrate} in this JVM. A check of its own, besides validation's: every item of every target table (every
 * string at any depth, keys and attribute names included), every object key, every preview user and every artifact
 * the run wrote hold no source email or phone (whole or inside) and no source full name, address or text (whole), nor a
 * source given or family name that the run did not itself write as a fake; every reference names a record of the
 * preview (but the sample's own orphans), every owner a preview user, every file an object. The same key twice gives
 * the same fakes, another key others; a slice ({@code --root}) is as clean and closed.
 */
class MaskedPreviewIT {
    private static final int ITEMS = 300;
    private static final int USERS = 16;
    private static final int COVERS = 40;
    private static final String OTHER_KEY_VARIABLE = AppMask.KEY_VARIABLE + "_OTHER";
    private static final String TAG = "mp" + ProcessHandle.current().pid();
    private static final String SOURCE = "-" + TAG + "-prod";
    private static final String SOURCE_BUCKET = "dmig-" + TAG + "-prod";
    private static final SampleData DATA = SampleData.withAbout(ITEMS).withUsers(USERS);
    /** The sample's deliberate orphans: references whose record is in no source, mapped and left unresolved. */
    private static final Map<String, Integer> ORPHANS = orphans();

    @TempDir
    static Path dir;
    private static EmbeddedStack stack;
    private static CognitoLocalServer cognito;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static CognitoIdentityProviderClient idp;
    private static S3ArtifactStore artifacts;
    private static String sourcePool;
    private static Preview whole;
    private static String wholeOutput;
    /** The source as it was loaded, before any run: its items, objects (key and ETag) and users (username and attributes). */
    private static List<Object> sourceBefore;

    /** One preview environment: its table suffix, bucket and user pool, all empty before its run. */
    private record Preview(String name, String suffix, String bucket, String pool) {
        String runId() {
            return TAG + "-" + name;
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        TestFeatures.assumeHas("MaskFeature"); // the whole app's masked plan
        boolean runs = CognitoLocalServer.node().isPresent() && CognitoLocalServer.script().isPresent();
        assertThat(runs || System.getenv("DMIG_REQUIRE_COGNITO_LOCAL") == null).as("DMIG_REQUIRE_COGNITO_LOCAL is set but cognito-local "
                + "cannot run here (node on the PATH, npm ci --prefix .ci)").isTrue();
        assumeTrue(runs, "the app's pools need node and cognito-local (npm ci --prefix .ci, or " + CognitoLocalServer.SCRIPT_VARIABLE + ")");
        assertThat(System.getenv(AppMask.KEY_VARIABLE)).as("the masking key in this JVM's environment (bench/pom.xml)").isNotBlank();
        assertThat(System.getenv(OTHER_KEY_VARIABLE)).as("the other masking key (bench/pom.xml)").isNotBlank();
        stack = EmbeddedStack.startInMemory("dmig-" + TAG);
        AwsCredentials credentials = stack.credentials().resolveCredentials();
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
        dynamoDb = AwsClients.dynamoDb(new AwsClients.Connection(stack.dynamoDbEndpoint(), stack.region(), stack.credentials(), 8));
        s3 = AwsClients.s3(new AwsClients.Connection(stack.s3Endpoint(), stack.region(), stack.credentials(), 8));
        artifacts = new S3ArtifactStore(s3, stack.bucket());
        cognito = CognitoLocalServer.start(CognitoLocalServer.node().get(), CognitoLocalServer.script().get());
        idp = CognitoIdentityProviderClient.builder().endpointOverride(cognito.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        whole = new Preview("whole", "-" + TAG + "-preview", "dmig-" + TAG + "-preview", idp.createUserPool(b -> b.poolName(TAG + "-preview"))
                .userPool().id());
        new SampleEnvironment(dynamoDb).create(DATA, SOURCE, whole.suffix(), true);
        int files = SampleStorage.create(DATA, dynamoDb, s3, SOURCE, new SampleStorage.Layout(SOURCE_BUCKET, whole.bucket(), COVERS));
        sourcePool = idp.createUserPool(b -> b.poolName(TAG + "-prod")).userPool().id();
        for (int i = 0; i < USERS; i++) {
            createSourceUser(DATA.users().get(i).devSub(), i);
        }
        System.out.printf(Locale.ROOT, "source: %d items in %d tables, %d users, %d Storage objects%n", DATA.totalItems(),
                DATA.models().size(), USERS, files);
        sourceBefore = source();
        wholeOutput = migrate(whole, AppMask.KEY_VARIABLE);
    }

    @AfterAll
    static void tearDown() {
        if (idp != null) {
            idp.close();
        }
        if (cognito != null) {
            cognito.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * A production user whose username and sub are the ones the sample's owners name, with their profile's email and
     * name ({@code UserProfiles}: the same person in the pool and in the records) and a phone number.
     */
    private static void createSourceUser(String sub, int i) {
        Map<String, AttributeValue> profile = dynamoDb.getItem(b -> b.tableName("UserProfiles" + SOURCE)
                .key(Map.of("PK", AttributeValue.fromS("USER#" + sub)))).item();
        assertThat(profile).as("user %s's profile", sub).containsKeys("email", "displayName");
        String name = profile.get("displayName").s();
        Map<String, String> attributes = Map.of("sub", sub, "email", profile.get("email").s(), "phone_number", "+4479460" + (31000 + i),
                "given_name", name.substring(0, name.indexOf(' ')), "family_name", name.substring(name.indexOf(' ') + 1), "name", name);
        List<AttributeType> list = new ArrayList<>();
        attributes.forEach((attribute, value) -> list.add(AttributeType.builder().name(attribute).value(value).build()));
        idp.adminCreateUser(b -> b.userPoolId(sourcePool).username(sub).messageAction(MessageActionType.SUPPRESS).userAttributes(list));
    }


    /** A preview of its own: empty tables of every model, an empty bucket, an empty new pool. */
    private static Preview preview(String name) {
        Preview preview = new Preview(name, "-" + TAG + "-" + name, "dmig-" + TAG + "-" + name,
                idp.createUserPool(b -> b.poolName(TAG + "-" + name)).userPool().id());
        for (String model : DATA.models()) {
            dynamoDb.createTable(SampleSchema.table(model).createTableRequest(preview.suffix()));
        }
        s3.createBucket(b -> b.bucket(preview.bucket()));
        return preview;
    }

    /** The whole app's plan made masked ({@link AppMask#masked}), into {@code preview}, its key from {@code keyVariable}. */
    private static ObjectNode plan(Preview preview, String keyVariable) {
        String text = SampleStorage.plan(SamplePlan.json(SOURCE, preview.suffix()), new SampleStorage.Layout(SOURCE_BUCKET,
                preview.bucket(), COVERS));
        ObjectNode plan = (ObjectNode) Json.tree(text.getBytes(StandardCharsets.UTF_8));
        new AppPools(cognito.endpoint(), sourcePool, preview.pool(), USERS).name(plan);
        // One namespace for every preview: the same records get the same IDs, so that their fakes can be compared by ID.
        plan.put("idNamespace", TAG + "-preview");
        ObjectNode masked = AppMask.masked(plan);
        masked.with("mask").put("keyFrom", keyVariable);
        return masked;
    }

    /** {@code dmig migrate} of the masked plan into {@code preview}, in this JVM: it succeeds and its validation passes. */
    private static String migrate(Preview preview, String keyVariable, String... more) throws Exception {
        Path planFile = dir.resolve(preview.name() + ".json");
        Files.write(planFile, Json.MAPPER.writeValueAsBytes(plan(preview, keyVariable)));
        Files.write(planFile.resolveSibling(SamplePlan.IDENTITIES_FILE), SampleStorage.identities(DATA));
        List<String> args = new ArrayList<>(List.of("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup",
                "--run", preview.runId(), "--dynamodb-endpoint", stack.dynamoDbEndpoint().toString(), "--s3-endpoint",
                stack.s3Endpoint().toString(), "--bucket", stack.bucket(), "--region", stack.region().id(), "--data-dir",
                Files.createDirectories(dir.resolve("data")).toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = Dmig.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        System.out.printf(Locale.ROOT, "run %s: exit %d in %.1f s%n", preview.runId(), code, (System.nanoTime() - start) / 1e9);
        assertThat(code).as(out + "\n" + err).isZero();
        ValidationReport validation = artifacts.getJson(RunLayout.validation(preview.runId()), ValidationReport.class).orElseThrow();
        assertThat(validation.passed()).as(String.join("; ", validation.failures())).isTrue();
        return out + "\n" + err;
    }

    @Test
    void wholeApp_holdsNoSourceValueAnywhere() throws IOException {
        List<String> found = scan(whole, wholeOutput, false);
        assertThat(found).as("source values in the whole app's preview").isEmpty();
    }

    /**
     * The check can fail: run on the source itself (its tables and its pool), it finds the source's emails, phones, full
     * names and given names where they are, and an artifact's text holding an email inside it or a full name as a JSON string.
     */
    @Test
    void theCheck_findsTheSourceValuesInTheSource() {
        PreviewScan scan = sourceValues(plan(whole, AppMask.KEY_VARIABLE));
        scanItems(scan, items(SOURCE), SOURCE);
        scanUsers(scan, users(sourcePool));
        String email = users(sourcePool).get(0).attributes().stream().filter(a -> a.name().equals("email")).findFirst().orElseThrow().value()
                .toLowerCase(Locale.ROOT);
        String name = scan.whole.iterator().next();
        scan.text("an artifact", "{\"note\": \"write to " + email.toUpperCase(Locale.ROOT) + " today\", \"who\": \"" + name + "\"}");
        System.out.println("the check on the source: " + scan.found.size() + " found");
        assertThat(scan.found).anyMatch(f -> f.startsWith("Contacts" + SOURCE) && f.contains(" email: holds source email/phone"))
                .anyMatch(f -> f.startsWith("Contacts" + SOURCE) && f.contains(" phone: holds source email/phone"))
                .anyMatch(f -> f.startsWith("Contacts" + SOURCE) && f.contains(" fullName: is a source full name/address"))
                .anyMatch(f -> f.startsWith("Contacts" + SOURCE) && f.contains(" firstName: is a source given/family name"))
                .anyMatch(f -> f.startsWith("user ") && f.contains(" phone_number: holds source email/phone"))
                .anyMatch(f -> f.startsWith("user ") && f.contains(" name: is a source full name/address"))
                .anyMatch(f -> f.startsWith("an artifact: holds source email/phone " + email))
                .anyMatch(f -> f.startsWith("an artifact: holds source full name/address/text \"" + name));
    }

    /**
     * The same check with every masked text counted wherever it is found whole: the sample draws its free texts from one set
     * of stock sentences, so a text the plan left unmasked in one attribute would be found as another's masked text.
     */
    @Test
    void wholeApp_holdsNoMaskedTextAnywhere() throws IOException {
        assertThat(scan(whole, wholeOutput, true)).as("masked source texts in the whole app's preview").isEmpty();
    }

    @Test
    void wholeApp_everyReferenceOwnerAndFileResolves() {
        Map<String, List<Map<String, AttributeValue>>> target = items(whole.suffix());
        Map<String, Integer> unresolved = unresolved(plan(whole, AppMask.KEY_VARIABLE), target, poolIds(whole));
        System.out.println("whole app, unresolved references: " + unresolved + "; in the source: " + SOURCE_ORPHANS.get());
        assertThat(SOURCE_ORPHANS.get()).as("the source's own unresolved references").containsAllEntriesOf(ORPHANS);
        assertThat(unresolved).as("references naming no record or user of the preview: the source's own orphans alone")
                .isEqualTo(SOURCE_ORPHANS.get());
        long objects = s3.listObjectsV2Paginator(b -> b.bucket(SOURCE_BUCKET)).contents().stream().count();
        assertThat(files(whole, target)).as("files named by the preview's records, each in its bucket").isEqualTo(objects);
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket(whole.bucket())).contents()).hasSize((int) objects);
        assertThat(target.values().stream().mapToInt(List::size).sum()).as("items").isPositive();
        assertThat(profilesAgainstUsers(whole, target)).as("profiles whose masked email or name is not their masked user's").isEmpty();
    }

    /**
     * Each preview profile ({@code USER#<sub>}) against the preview user of that sub: the same person's email is one fake in
     * the records and in the pool, and so is their full name; the users' emails on the masked emails' reserved domain.
     */
    private static List<String> profilesAgainstUsers(Preview preview, Map<String, List<Map<String, AttributeValue>>> target) {
        Map<String, Map<String, String>> users = new HashMap<>();
        for (UserType user : users(preview.pool())) {
            Map<String, String> attributes = new HashMap<>();
            user.attributes().forEach(a -> attributes.put(a.name(), a.value()));
            users.put(attributes.get("sub"), attributes);
            assertThat(attributes.get("email")).endsWith(AppRun.RESERVED_EMAIL_DOMAIN);
        }
        List<String> differ = new ArrayList<>();
        for (Map<String, AttributeValue> profile : target.get("UserProfiles")) {
            Map<String, String> user = users.getOrDefault(profile.get("PK").s().substring("USER#".length()), Map.of());
            if (!profile.get("email").s().equals(user.get("email"))) {
                differ.add(profile.get("PK").s() + " email " + profile.get("email").s() + " against the user's " + user.get("email"));
            }
            if (!profile.get("displayName").s().equals(user.get("name"))) {
                differ.add(profile.get("PK").s() + " displayName " + profile.get("displayName").s() + " against the user's " + user.get("name"));
            }
        }
        assertThat(target.get("UserProfiles")).hasSize(USERS);
        // Each attribute is masked on its own (plan.md, "Users come masked"): a user's given and family names are not their
        // full name's parts. Said, not asserted: the docs promise no more.
        long apart = users.values().stream().filter(u -> !(u.get("given_name") + " " + u.get("family_name")).equals(u.get("name"))).count();
        Map<String, String> one = users.values().iterator().next();
        System.out.printf(Locale.ROOT, "masked users whose given and family names are not their full name's: %d of %d (e.g. name %s, given_name"
                + " %s, family_name %s, email %s)%n", apart, users.size(), one.get("name"), one.get("given_name"), one.get("family_name"), one.get("email"));
        return differ;
    }

    /**
     * The same source masked again under the same key into a second empty preview: the same records (same IDs, one ID
     * namespace) get the same fakes, and the same masked users; under another key, into a third, other fakes for each.
     */
    @Test
    void oneKeyGivesTheSameFakes_anotherKeyOthers() throws Exception {
        Preview again = preview("again");
        migrate(again, AppMask.KEY_VARIABLE);
        Preview other = preview("other");
        migrate(other, OTHER_KEY_VARIABLE);
        for (String attribute : List.of("email", "fullName", "phone")) {
            Map<String, String> first = contacts(whole, attribute);
            Map<String, String> second = contacts(again, attribute);
            Map<String, String> third = contacts(other, attribute);
            assertThat(first).as("contacts' %s", attribute).hasSizeGreaterThan(10);
            assertThat(second).as("contacts' %s under the same key", attribute).isEqualTo(first);
            assertThat(third.keySet()).as("the same records under another key").isEqualTo(first.keySet());
            List<String> same = first.keySet().stream().filter(id -> first.get(id).equals(third.get(id))).toList();
            System.out.printf(Locale.ROOT, "contacts' %s: %d of %d the same under the same key, %d under another%n", attribute,
                    first.size(), first.size(), same.size());
            assertThat(same).as("contacts whose %s is the same fake under another key", attribute).isEmpty();
        }
        assertThat(userEmails(again)).as("the masked users under the same key").isEqualTo(userEmails(whole)).hasSize(USERS);
        Set<String> others = userEmails(other);
        assertThat(others).hasSize(USERS).doesNotContainAnyElementsOf(userEmails(whole));
        assertThat(scan(other, "", false)).as("source values in the preview of another key").isEmpty();
    }

    /**
     * A slice ({@code --root Projects:<id>}, a project with a cover) masked into an empty preview: validation passes, the
     * same check finds nothing, its references resolve within the slice (but the source's orphans), its files and owners
     * too, and it holds less than the whole app.
     */
    @Test
    void aSlice_isCleanAndClosed() throws Exception {
        String root = items(SOURCE).get("Projects").stream().filter(item -> item.containsKey("coverKey")).map(item -> item.get("id").s())
                .sorted().findFirst().orElseThrow();
        Preview slice = preview("slice");
        String output = migrate(slice, AppMask.KEY_VARIABLE, "--root", "Projects:" + root);
        Map<String, List<Map<String, AttributeValue>>> target = items(slice.suffix());
        int items = target.values().stream().mapToInt(List::size).sum();
        System.out.printf(Locale.ROOT, "slice of Projects:%s: %d items, %d users%n", root, items, users(slice.pool()).size());
        assertThat(target.get("Projects")).as("the root").hasSize(1);
        assertThat(target.get("QuoteItems")).as("its descendants").isNotEmpty();
        assertThat(items).isLessThan(items(whole.suffix()).values().stream().mapToInt(List::size).sum());
        assertThat(scan(slice, output, false)).as("source values in the slice's preview").isEmpty();
        Map<String, Integer> unresolved = unresolved(plan(slice, AppMask.KEY_VARIABLE), target, poolIds(slice));
        System.out.println("slice, unresolved references: " + unresolved);
        Map<String, Integer> orphans = SOURCE_ORPHANS.get();
        unresolved.forEach((path, misses) -> assertThat(misses).as("unresolved %s", path).isLessThanOrEqualTo(orphans.getOrDefault(path, 0)));
        assertThat(files(slice, target)).as("the root's cover, and its owners' avatars if any").isPositive();
    }

    /** Each preview contact's {@code attribute}, by the contact's ID. */
    private static Map<String, String> contacts(Preview preview, String attribute) {
        Map<String, String> values = new TreeMap<>();
        dynamoDb.scanPaginator(b -> b.tableName("Contacts" + preview.suffix())).items().forEach(item -> {
            if (item.containsKey(attribute) && item.get(attribute).s() != null) {
                values.put(item.get("id").s(), item.get(attribute).s());
            }
        });
        return values;
    }

    private static Set<String> userEmails(Preview preview) {
        Set<String> emails = new TreeSet<>();
        users(preview.pool()).forEach(u -> u.attributes().stream().filter(a -> a.name().equals("email")).forEach(a -> emails.add(a.value())));
        return emails;
    }

    /** The source is only read: its items, objects and pool users are as they were before the runs (whichever ran). */
    @Test
    void theSource_isUntouched() {
        assertThat(source()).isEqualTo(sourceBefore);
    }

    private static List<Object> source() {
        Map<String, Set<Map<String, AttributeValue>>> tables = new TreeMap<>();
        items(SOURCE).forEach((model, list) -> tables.put(model, Set.copyOf(list)));
        Map<String, String> objects = new TreeMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(SOURCE_BUCKET)).contents().forEach(o -> objects.put(o.key(), o.eTag()));
        Map<String, Set<String>> users = new TreeMap<>();
        users(sourcePool).forEach(u -> users.put(u.username(), Set.copyOf(u.attributes().stream().map(a -> a.name() + "=" + a.value())
                .toList())));
        assertThat(tables.values().stream().mapToInt(Set::size).sum()).isPositive();
        assertThat(users).hasSize(USERS);
        return List.of(tables, objects, users);
    }

    /** The items of every table of {@code suffix}, by model. */
    private static Map<String, List<Map<String, AttributeValue>>> items(String suffix) {
        Map<String, List<Map<String, AttributeValue>>> items = new LinkedHashMap<>();
        for (String model : DATA.models()) {
            List<Map<String, AttributeValue>> list = new ArrayList<>();
            dynamoDb.scanPaginator(b -> b.tableName(model + suffix)).items().forEach(list::add);
            items.put(model, list);
        }
        return items;
    }

    private static List<UserType> users(String pool) {
        List<UserType> users = new ArrayList<>();
        idp.listUsersPaginator(b -> b.userPoolId(pool)).users().forEach(users::add);
        return users;
    }

    /** The preview pool's usernames and subs: what owners and identity references name. */
    private static Set<String> poolIds(Preview preview) {
        Set<String> ids = new TreeSet<>();
        for (UserType user : users(preview.pool())) {
            ids.add(user.username());
            user.attributes().stream().filter(a -> a.name().equals("sub")).forEach(a -> ids.add(a.value()));
        }
        return ids;
    }

    /** The source's own unresolved references, per reference path (its records and its pool's users). */
    private static final java.util.function.Supplier<Map<String, Integer>> SOURCE_ORPHANS = () -> unresolved(plan(whole,
            AppMask.KEY_VARIABLE), items(SOURCE), Set.copyOf(DATA.users().stream().map(SampleData.User::devSub).toList()));

    private static Map<String, Integer> orphans() {
        Map<String, Integer> orphans = new TreeMap<>();
        SampleData.orphans().forEach(o -> orphans.put(o.model() + "." + o.path(), o.count()));
        return orphans;
    }

    /** The source values the run masks: every masked attribute's source values, and the source pool users' emails, phones and names. */
    private static PreviewScan sourceValues(ObjectNode plan) {
        PreviewScan scan = new PreviewScan();
        Map<String, List<Map<String, AttributeValue>>> source = items(SOURCE);
        for (Map.Entry<String, JsonNode> table : plan.get("tables").properties()) {
            JsonNode mask = table.getValue().get("mask");
            if (mask == null || !source.containsKey(table.getKey())) {
                continue;
            }
            for (Map.Entry<String, JsonNode> rule : mask.properties()) {
                String kind = rule.getValue().isTextual() ? rule.getValue().asText() : rule.getValue().path("kind").asText();
                // A Storage file's kinds mask its object, not the key that names it: its values are no personal value.
                if (!Set.of("keep", "placeholder", "remove").contains(kind)) {
                    source.get(table.getKey()).forEach(item -> PreviewScan.at(item, rule.getKey()).forEach(v -> scan.source(kind, v)));
                }
            }
        }
        source.forEach((model, items) -> items.forEach(item -> PreviewScan.strings(item, "", (path, value) -> {
            JsonNode rule = plan.get("tables").path(model).path("mask").path(path);
            String kind = rule.isObject() ? rule.path("kind").asText() : rule.asText("keep");
            if (Set.of("keep", "placeholder", "remove").contains(kind)) {
                scan.unmasked.computeIfAbsent(model + " " + path, k -> new TreeSet<>()).add(value);
            }
        })));
        Map<String, String> kinds = Map.of("email", "email", "phone_number", "phone", "name", "fullName", "given_name", "givenName",
                "family_name", "familyName");
        for (UserType user : users(sourcePool)) {
            user.attributes().stream().filter(a -> kinds.containsKey(a.name())).forEach(a -> scan.source(kinds.get(a.name()), a.value()));
        }
        return scan;
    }

    /** The names the run wrote as fakes: its masked attributes of a name's kind, and its masked users' names. */
    private static void fakes(PreviewScan scan, ObjectNode plan, Map<String, List<Map<String, AttributeValue>>> target, Preview preview) {
        Set<String> names = Set.of("givenName", "familyName", "fullName");
        for (Map.Entry<String, JsonNode> table : plan.get("tables").properties()) {
            JsonNode mask = table.getValue().get("mask");
            if (mask == null || !target.containsKey(table.getKey())) {
                continue;
            }
            for (Map.Entry<String, JsonNode> rule : mask.properties()) {
                if (names.contains(rule.getValue().asText())) {
                    target.get(table.getKey()).forEach(item -> scan.fakes.addAll(PreviewScan.at(item, rule.getKey())));
                }
            }
        }
        Set<String> attributes = Set.of("name", "given_name", "family_name");
        users(preview.pool()).forEach(u -> u.attributes().stream().filter(a -> attributes.contains(a.name()))
                .forEach(a -> scan.fakes.add(a.value())));
    }

    /**
     * The check of its own: every string of every item of the preview, every object key of its bucket, every user of its
     * pool (username and attributes), every artifact of the run (gunzipped) and what dmig printed; the findings.
     */
    private static List<String> scan(Preview preview, String output, boolean strictTexts) throws IOException {
        ObjectNode plan = plan(preview, AppMask.KEY_VARIABLE);
        PreviewScan scan = sourceValues(plan);
        scan.strictTexts = strictTexts;
        Map<String, List<Map<String, AttributeValue>>> target = items(preview.suffix());
        fakes(scan, plan, target, preview);
        int items = scanItems(scan, target, preview.suffix());
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(preview.bucket())).contents().forEach(o -> keys.add(o.key()));
        keys.forEach(key -> scan.string("object " + preview.bucket() + "/" + key, key));
        List<UserType> users = users(preview.pool());
        scanUsers(scan, users);
        List<String> written = new ArrayList<>(artifacts.list(RunLayout.prefix(preview.runId())));
        written.addAll(artifacts.list(RunLayout.HISTORIES + preview.runId()));
        assertThat(written).as("the run's artifacts").anyMatch(k -> k.endsWith("analysis.json")).anyMatch(k -> k.contains("/journal/"))
                .anyMatch(k -> k.endsWith("validation.json")).anyMatch(k -> k.startsWith(RunLayout.HISTORIES));
        written.forEach(key -> scan.text("artifact " + key, PreviewScan.text(artifacts.get(key).orElseThrow())));
        scan.text("dmig's output", output);
        int local = scanDataDir(scan);
        System.out.printf(Locale.ROOT, "%s: looked for %d source emails/phones, %d full names/addresses, %d texts, %d given/family names (%d "
                        + "fakes set aside) in %d items, %d object keys, %d users, %d artifacts, %d files of the local data directory: %d found%n",
                preview.runId(), scan.inside.size(), scan.whole.size(), scan.texts.size(), scan.names.size(), scan.fakes.size(), items, keys.size(),
                users.size(), written.size(), local, scan.found.size());
        assertThat(items).isPositive();
        assertThat(users).as("the masked users").isNotEmpty();
        assertThat(scan.inside).as("source emails and phones").hasSizeGreaterThan(USERS * 2);
        scan.found.stream().limit(40).forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%s: %d source given/family names found whole that are also fakes the run wrote (set aside): %s%n",
                preview.runId(), scan.namesAsFakes.size(), scan.namesAsFakes.stream().map(c -> c.replaceAll(" item \\d+", "")).distinct()
                        .limit(20).toList());
        System.out.printf(Locale.ROOT, "%s: %d masked source texts found whole where the source holds them in an attribute the plan does not "
                + "mask (copied from there; not counted unless strict): %s%n", preview.runId(), scan.copiedTexts.size(), scan.copiedTexts.stream()
                .map(c -> c.replaceAll(" item \\d+", "")).map(c -> c.substring(0, c.indexOf(':'))).distinct().toList());
        return scan.found;
    }

    /** Looks for the source values in every file of the runs' local data directory ({@code --data-dir}); returns how many files. */
    private static int scanDataDir(PreviewScan scan) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("data"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            scan.text("local file " + dir.relativize(file), PreviewScan.text(Files.readAllBytes(file)));
        }
        return files.size();
    }

    /** Looks for the source values in every string of every item of {@code tables}; returns how many items. */
    private static int scanItems(PreviewScan scan, Map<String, List<Map<String, AttributeValue>>> tables, String suffix) {
        int items = 0;
        for (Map.Entry<String, List<Map<String, AttributeValue>>> table : tables.entrySet()) {
            for (Map<String, AttributeValue> item : table.getValue()) {
                String where = table.getKey() + suffix + " item " + items++ + " ";
                PreviewScan.strings(item, "", (path, value) -> scan.string(where + path, table.getKey() + " " + path, value));
            }
        }
        return items;
    }

    private static void scanUsers(PreviewScan scan, List<UserType> users) {
        for (UserType user : users) {
            scan.string("user " + user.username(), user.username());
            user.attributes().forEach(a -> scan.string("user " + user.username() + " " + a.name(), a.value()));
        }
    }

    /**
     * For each reference path of the plan ({@code Table.path}), how many of the preview's values name no record of the
     * referenced table (by its ID attribute) or, for an identity ({@code @owner}, {@code @sub}), no user of its pool.
     */
    private static Map<String, Integer> unresolved(ObjectNode plan, Map<String, List<Map<String, AttributeValue>>> target, Set<String> users) {
        Map<String, Set<String>> ids = new HashMap<>();
        for (Map.Entry<String, List<Map<String, AttributeValue>>> table : target.entrySet()) {
            String idAttribute = plan.get("tables").path(table.getKey()).path("idAttribute").asText("id");
            Set<String> set = new TreeSet<>();
            table.getValue().forEach(item -> set.addAll(PreviewScan.at(item, idAttribute)));
            ids.put(table.getKey(), set);
        }
        Map<String, Integer> unresolved = new TreeMap<>();
        for (Map.Entry<String, JsonNode> table : plan.get("tables").properties()) {
            for (Map.Entry<String, JsonNode> reference : table.getValue().path("references").properties()) {
                int misses = 0;
                for (Map<String, AttributeValue> item : target.getOrDefault(table.getKey(), List.of())) {
                    for (String value : PreviewScan.at(item, reference.getKey())) {
                        misses += resolves(reference.getValue(), value, ids, users) ? 0 : 1;
                    }
                }
                if (misses > 0) {
                    unresolved.put(table.getKey() + "." + reference.getKey(), misses);
                }
            }
        }
        return unresolved;
    }

    /** Whether {@code value} names what {@code spec} says: a table's record, an identity, or each placeholder of a pattern. */
    private static boolean resolves(JsonNode spec, String value, Map<String, Set<String>> ids, Set<String> users) {
        if (spec.isTextual()) {
            String to = spec.asText();
            if (to.startsWith("@")) {
                return List.of(value.split("::")).stream().allMatch(users::contains);
            }
            return ids.get(to).contains(value);
        }
        List<String> placeholders = new ArrayList<>();
        Matcher names = Pattern.compile("\\{([^}]+)}").matcher(spec.get("pattern").asText());
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (names.find()) {
            regex.append(Pattern.quote(spec.get("pattern").asText().substring(at, names.start()))).append("(.+?)");
            placeholders.add(names.group(1));
            at = names.end();
        }
        regex.append(Pattern.quote(spec.get("pattern").asText().substring(at)));
        Matcher match = Pattern.compile(regex.toString()).matcher(value);
        if (!match.matches()) {
            return false;
        }
        for (int i = 0; i < placeholders.size(); i++) {
            JsonNode to = spec.get(placeholders.get(i));
            if (to != null && to.isTextual() && !resolves(to, match.group(i + 1), ids, users)) {
                return false;
            }
        }
        return true;
    }

    /** How many file keys the preview's records name; each must be an object of its bucket. */
    private static long files(Preview preview, Map<String, List<Map<String, AttributeValue>>> target) {
        Set<String> objects = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(preview.bucket())).contents().forEach(o -> objects.add(o.key()));
        List<String> named = new ArrayList<>();
        SampleStorage.KEYS.forEach((table, attribute) -> target.get(table).forEach(item -> named.addAll(PreviewScan.at(item, attribute))));
        assertThat(objects).as("every file a record of the preview names").containsAll(named);
        return named.size();
    }
}
