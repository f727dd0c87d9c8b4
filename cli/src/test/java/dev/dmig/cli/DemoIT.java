package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.local.SampleSpec;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.sample.SampleSchema;
import dev.dmig.sample.SampleStorage;
import dev.dmig.sample.SampleTable;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dmig demo} as a newcomer runs it, at its own scale, on the embedded stack's servers so that its tables can be read
 * afterwards: no prod item holds a dev user's identity, no soft-deleted row was copied, every copied {@code _version} is 1
 * (and every {@code _lastChangedAt} the start of the run that wrote it); its verdict is the README's, and the README's
 * identity-map line prints the shipped map.
 */
class DemoIT {
    private static final Pattern VERDICT = Pattern.compile("^SUCCEEDED  run (\\S+-full) \\(full\\): ([\\d,]+) items migrated and "
            + "validated; the run took ", Pattern.MULTILINE);
    private static final Pattern TEST_RUN = Pattern.compile("^SUCCEEDED  run (\\S+-test) \\(test\\): ", Pattern.MULTILINE);

    @Test
    void theDemo_mapsEveryUser_leavesSoftDeletedRowsBehind_resetsEveryVersion_andPrintsTheReadmesVerdict() throws Exception {
        SharedStack.credentialsForTheCli();

        CliRun demo = CliRun.of(CliRun.embeddedStack(), "demo");

        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        Matcher verdict = VERDICT.matcher(demo.lastLine());
        assertThat(verdict.find()).as(demo.lastLine()).isTrue();
        Matcher test = TEST_RUN.matcher(demo.out());
        assertThat(test.find()).as(demo.out()).isTrue();
        String fullRun = verdict.group(1);
        try (S3Client s3 = SharedStack.s3()) {
            assertDemo(new S3ArtifactStore(s3, SharedStack.BUCKET), test.group(1), fullRun, verdict.group(2));
            assertFiles(s3);
        }
    }

    private static void assertDemo(S3ArtifactStore artifacts, String testRun, String fullRun, String migratedCount) throws Exception {
        Set<String> starts = Set.of(startOf(artifacts, testRun), startOf(artifacts, fullRun));

        byte[] identityMap = SampleStorage.identities(SampleData.standard());
        SampleSpec spec = new SampleSpec(SamplePlan.ID_NAMESPACE, identityMap, 0);
        Set<String> prodUsers = prodUsers();
        long copied = 0;
        long versions = 0;
        long identities = 0;
        long leftBehind = 0;
        long migrated = 0;
        try (DynamoDbClient dynamoDb = SharedStack.dynamoDb()) {
            for (SampleTable table : SampleSchema.tables()) {
                for (Map<String, AttributeValue> item : scan(dynamoDb, table.physicalName(SamplePlan.PROD_SUFFIX))) {
                    String what = table.model() + " " + item.get(table.hashKey().name()).s();
                    copied++;
                    spec.assertHoldsNoDevIdentity(what, item);
                    if (item.containsKey("_version")) {
                        versions++;
                    }
                    if (item.containsKey("_version") && SampleSpec.DATASTORE) {
                        assertThat(item).as(what).doesNotContainKey("_deleted");
                        assertThat(item.get("_version")).as("%s._version", what).isEqualTo(AttributeValue.fromN("1"));
                        assertThat(item.get("_lastChangedAt").n()).as("%s._lastChangedAt", what).isIn(starts);
                    }
                    List<String> strings = new ArrayList<>();
                    item.values().forEach(value -> SampleSpec.strings(value, strings));
                    identities += strings.stream().filter(prodUsers::contains).count();
                }
                if (!table.model().equals("Auth")) {
                    for (Map<String, AttributeValue> item : scan(dynamoDb, table.physicalName(SamplePlan.DEV_SUFFIX))) {
                        migrated++;
                        leftBehind += SampleSpec.leftBehind(item) ? 1 : 0;
                    }
                }
            }
        }
        long softDeleted = SampleSpec.leftBehind();
        long allSoftDeleted = SampleData.softDeleted().stream().mapToLong(SampleData.SoftDeleted::count).sum();
        Analysis analysis = artifacts.getJson(RunLayout.analysis(fullRun), Analysis.class).orElseThrow();
        System.out.printf("DEMO: %,d items copied into prod (%,d source items of the migrated tables, %d soft-deleted rows "
                + "left behind); %,d identity values mapped, none of a dev user left; %,d items with _version, each 1%n",
                copied, migrated, leftBehind, identities, versions);
        assertThat(leftBehind).as("soft-deleted rows left behind: DataStore's, where the build has it").isEqualTo(softDeleted)
                .isEqualTo(SampleSpec.DATASTORE ? allSoftDeleted : 0);
        assertThat(SampleData.softDeleted()).as("the sample has soft-deleted rows").isNotEmpty();
        assertThat(copied).isEqualTo(migrated - softDeleted);
        assertThat(versions).as("every copied item but SecureConfig's is DataStore's").isEqualTo(copied - SampleData.standard().count("SecureConfig"));
        JsonNode users = analysis.section("identities", JsonNode.class);
        assertThat(identities).as("identity values in prod, every one a prod user's").isEqualTo(users.get("values").asLong()).isPositive();
        assertThat(users.get("unmatched").asLong()).isZero();

        String readme = Files.readString(ReadmeTourIT.readme(), StandardCharsets.UTF_8);
        Matcher documented = VERDICT.matcher(readme);
        assertThat(documented.find()).as("the README shows the demo's verdict").isTrue();
        // The README speaks of the whole product: a build without DataStore copies the sample's soft-deleted rows too.
        long documentedCount = Long.parseLong(documented.group(2).replace(",", ""));
        assertThat(documentedCount + allSoftDeleted - softDeleted).as("the README's count of items migrated")
                .isEqualTo(Long.parseLong(migratedCount.replace(",", "")));

        String idmap = readme.lines().filter(line -> line.startsWith("./dmig idmap ") && line.contains("--identities")).findFirst()
                .orElseThrow(() -> new AssertionError("the README shows the identity map in one line"));
        List<String> args = new ArrayList<>(List.of(idmap.substring("./dmig ".length(), idmap.indexOf(" #")).strip()
                .replace("<run ID>", fullRun).split(" +")));
        args.addAll(List.of("--data-dir", CliRun.dataDir().toString()));
        CliRun shown = CliRun.execute(args, null);
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).isEqualTo(new String(identityMap, StandardCharsets.UTF_8));
        assertThat(shown.err().strip()).isEqualTo(SampleData.USERS + " users in the identity map of run " + fullRun);
    }

    /**
     * Every Storage key a prod record names is an object of the prod bucket, with its dev object's bytes: the avatars under
     * the users' prod identity-pool IDs, the covers under the projects' new IDs; the dev bucket keeps its own.
     */
    private static void assertFiles(S3Client s3) {
        Map<String, String> devToProd = new java.util.HashMap<>();
        for (SampleData.User user : SampleData.standard().users()) {
            devToProd.put(SampleStorage.identityId(user, false), SampleStorage.identityId(user, true));
        }
        List<String> keys = new ArrayList<>();
        try (DynamoDbClient dynamoDb = SharedStack.dynamoDb()) {
            for (Map<String, AttributeValue> item : scan(dynamoDb, "UserProfiles" + SamplePlan.PROD_SUFFIX)) {
                keys.add(item.get("avatar").m().get("key").s());
            }
            for (Map<String, AttributeValue> item : scan(dynamoDb, "Projects" + SamplePlan.PROD_SUFFIX)) {
                if (item.containsKey("coverKey")) {
                    String key = item.get("coverKey").s();
                    assertThat(key).isEqualTo("public/projects/" + item.get("id").s() + "/cover.jpg");
                    keys.add(key);
                }
            }
        }
        List<String> prod = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(SampleStorage.PROD_BUCKET)).contents().forEach(o -> prod.add(o.key()));
        List<String> dev = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(SampleStorage.DEV_BUCKET)).contents().forEach(o -> dev.add(o.key()));
        System.out.printf("DEMO: %d Storage keys in prod records, %d objects in the prod bucket, %d in the dev bucket%n",
                keys.size(), prod.size(), dev.size());
        assertThat(keys).hasSize(SampleData.USERS + SampleStorage.COVERS);
        assertThat(prod).as("every Storage key of a prod record, and nothing else, in the prod bucket")
                .containsExactlyInAnyOrderElementsOf(keys);
        assertThat(dev).hasSameSizeAs(keys).doesNotContainAnyElementsOf(keys);
        for (String key : keys) {
            String devKey = key.startsWith("protected/") ? "protected/" + devToProd.entrySet().stream()
                    .filter(e -> key.contains(e.getValue())).findFirst().orElseThrow().getKey() + "/avatar.png" : null;
            if (devKey != null) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket(SampleStorage.PROD_BUCKET).key(key)).asByteArray()).as(key)
                        .isEqualTo(s3.getObjectAsBytes(b -> b.bucket(SampleStorage.DEV_BUCKET).key(devKey)).asByteArray());
            }
        }
    }

    /**
     * The prod users' values as the items hold them: {@code <sub>::<sub>} (owners), {@code USER#<sub>} (profile keys),
     * {@code protected/<identityId>/avatar.png} (avatars' Storage keys).
     */
    private static Set<String> prodUsers() {
        Set<String> values = new HashSet<>();
        for (SampleData.User user : SampleData.standard().users()) {
            values.add(user.prodSub() + "::" + user.prodSub());
            values.add("USER#" + user.prodSub());
            values.add("protected/" + SampleStorage.identityId(user, true) + "/avatar.png");
        }
        return values;
    }

    private static String startOf(S3ArtifactStore artifacts, String runId) {
        return Long.toString(Instant.parse(RunFiles.manifest(artifacts, runId).createdAt()).toEpochMilli());
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamoDb, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }
}
