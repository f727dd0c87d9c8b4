package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One attribute, several shapes: infer proposes one alternative per shape whose parts it can name, file keys as
 * composite keys, and a catch-all only for values outside every shape.
 */
class ValueShapesInferenceTest {
    private static final String DEV = "-app-dev";
    private static final String PROD = "-app-prod";
    private static final String BUCKET = "app-storage-dev";
    /** What users call their files: dots, blanks, capitals, several extensions. */
    private static final List<String> FILE_NAMES = List.of("photo.jpg", "Quarterly report.pdf", "scan 2024.03.png", "notes.txt",
            "IMG_0001.JPG", "backup.tar.gz");

    private final InMemoryItemStore store = new InMemoryItemStore();

    @Test
    void fileKeysOfTwoShapes_holdingIdsOfTwoTablesAndIdentityIds_getOneAlternativeEach_andNoCatchAll() {
        table("Board", 6, i -> Map.of());
        List<String> keys = new ArrayList<>();
        table("Upload", 66, i -> {
            String key = uploadKey(i);
            keys.add(key);
            return Map.of("fileKey", s(key));
        });

        InferredPlan plan = infer(new PlanInference.Buckets(new BucketKeys(BUCKET, Set.copyOf(keys), false, 1,
                List.of("protected/", "public/")), "app-storage-prod"));

        JsonNode json = Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Upload/files/fileKey")).isEqualTo(Json.tree(("[{\"pattern\":"
                + " \"public/boards/{boardId}/uploads/{uploadId}/{name}\", \"boardId\": \"Board\", \"uploadId\": \"Upload\"},"
                + " {\"pattern\": \"protected/{identityId}/uploads/{uploadId}/{name}\", \"identityId\": \"@identityId\","
                + " \"uploadId\": \"Upload\"}]").getBytes(StandardCharsets.UTF_8)));
        assertThat(plan.table("Upload").warnings()).isEmpty();
        MigrationPlan parsed = PlanParser.parse(plan.planJson());
        assertThat(parsed.table("Upload").files().values()).singleElement().satisfies(f -> assertThat(f.mapping().alternatives()).hasSize(2));
    }

    /**
     * With {@code --mask}, each file reference gets a {@code placeholder} with why (a person's own uploads under
     * {@code protected/}), never a key, and the plan parses as masking reads it: a file masked, not its value.
     */
    @Test
    void maskedFiles_areProposedAsPlaceholders_withWhy() {
        table("Board", 6, i -> Map.of());
        List<String> keys = new ArrayList<>();
        table("Upload", 66, i -> {
            String key = uploadKey(i);
            keys.add(key);
            return Map.of("fileKey", s(key), "email", s("person" + i + "@example.com"));
        });
        PlanInference.Options options = new PlanInference.Options(DEV, PROD, 500, Thresholds.DEFAULT, null,
                new PlanInference.Buckets(new BucketKeys(BUCKET, Set.copyOf(keys), false, 1, List.of("protected/", "public/")),
                        "app-storage-prod")).masked();

        InferredPlan plan = PlanInference.infer(new StoreTableReader(store), options, line -> { });

        assertThat(plan.table("Upload").mask()).extracting(ProposedMask::shown).containsExactly("email → email",
                "fileKey → placeholder");
        assertThat(plan.table("Upload").mask().get(1).why()).isEqualTo("Storage files under protected/ or private/, a person's"
                + " own uploads: a placeholder of each file's type in its stead (or remove them, or keep them as they are)");
        // The plan is written only where it parses, which a plan's masks do where the build has masking.
        dev.dmig.TestFeatures.assumeHas("MaskFeature");
        JsonNode json = Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Upload/mask/fileKey").asText()).isEqualTo("placeholder");
        assertThat(PlanParser.parse(plan.planJson()).table("Upload").files()).hasSize(1);
    }

    @Test
    void keysStoredWithoutTheirPrefix_inTwoShapes_getTheirPatternsBesideThePrefix() {
        table("Board", 5, i -> Map.of());
        table("Project", 5, i -> Map.of());
        List<String> keys = new ArrayList<>(List.of("protected/readme.txt"));
        table("Attachment", 40, i -> {
            String key = (i % 2 == 0 ? "boards/" + id("Board", i / 2 % 5) : "projects/" + id("Project", i / 2 % 5)) + "/"
                    + FILE_NAMES.get(i % FILE_NAMES.size());
            keys.add("public/" + key);
            return Map.of("file", s(key));
        });

        InferredPlan plan = infer(new PlanInference.Buckets(new BucketKeys(BUCKET, Set.copyOf(keys), false, 1,
                List.of("public/", "protected/")), "app-storage-prod"));

        JsonNode json = Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Attachment/files/file")).isEqualTo(Json.tree(("{\"format\": \"key\", \"prefix\": \"public/\","
                + " \"patterns\": [{\"pattern\": \"projects/{projectId}/{name}\", \"projectId\": \"Project\"},"
                + " {\"pattern\": \"boards/{boardId}/{name}\", \"boardId\": \"Board\"}]}").getBytes(StandardCharsets.UTF_8)));
        assertThat(plan.table("Attachment").warnings()).isEmpty();
        assertThat(PlanParser.parse(plan.planJson()).table("Attachment").files().values()).singleElement()
                .satisfies(f -> assertThat(f.prefix()).isEqualTo("public/"));
    }

    @Test
    void aFixedWordAmongComposites_isAnAlternativeOfItsOwn_notACatchAll() {
        table("Board", 5, i -> Map.of());
        table("Post", 662, i -> Map.of("audience", s(i == 331 ? "@everyone" : "BOARD#" + id("Board", i % 5))));

        InferredPlan plan = infer(null);

        JsonNode json = Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Post/references/audience")).isEqualTo(Json.tree(("[{\"pattern\": \"BOARD#{board}\","
                + " \"board\": \"Board\"}, {\"pattern\": \"@everyone\"}]").getBytes(StandardCharsets.UTF_8)));
        assertThat(json.at("/tables/Post/comment").asText()).contains("audience: 5 of 5 values are BOARD#<Board ID>; also @everyone"
                + " (1 value)");
    }

    @Test
    void aFolderOfTwoBoardsAndTwoUsers_mapsThemFromTheBoardsIdsAndTheirIdentityIds_notAsPlaceholdersOfTheirOwn() {
        table("Board", 6, i -> Map.of());
        List<String> keys = new ArrayList<>();
        table("Upload", 40, i -> {
            String name = FILE_NAMES.get(i % FILE_NAMES.size());
            String key = i % 2 == 0 ? "protected/" + identityId(i / 2 % 2) + "/uploads/" + id("Upload", i) + "/" + name
                    : "public/boards/" + id("Board", i / 2 % 2) + "/uploads/" + id("Upload", i) + "/" + name;
            keys.add(key);
            return Map.of("fileKey", s(key));
        });

        InferredPlan plan = infer(new PlanInference.Buckets(new BucketKeys(BUCKET, Set.copyOf(keys), false, 1,
                List.of("protected/", "public/")), "app-storage-prod"));

        JsonNode json = Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Upload/files/fileKey")).isEqualTo(Json.tree(("[{\"pattern\":"
                + " \"public/boards/{boardId}/uploads/{uploadId}/{name}\", \"boardId\": \"Board\", \"uploadId\": \"Upload\"},"
                + " {\"pattern\": \"protected/{identityId}/uploads/{uploadId}/{name}\", \"identityId\": \"@identityId\","
                + " \"uploadId\": \"Upload\"}]").getBytes(StandardCharsets.UTF_8)));
        assertThat(json.at("/tables/Upload/comment").asText()).contains("low confidence");
    }

    @Test
    void aPartOfTwoUsers_isMappedByTheirSubs_andAPartOfNoTableOrUser_isFixedText_withALineSayingWhy() {
        table("Board", 40, i -> Map.of());
        table("Post", 60, i -> Map.of("audience", s(switch (i % 10) {
            case 0 -> "USER#" + sub(i / 10 % 2);
            case 1 -> "GROUP#g-00" + (i / 10 % 2);
            default -> "BOARD#" + id("Board", i % 40);
        })));
        List<String> subs = List.of(sub(0), sub(1), sub(2), sub(3));

        InferredPlan plan = PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 500,
                Thresholds.DEFAULT, KnownUsers.ofPool("eu-west-1_AbC123", subs, List.of("u0", "u1", "u2", "u3")), null), line -> { });

        JsonNode json = Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Post/references/audience")).isEqualTo(Json.tree(("[{\"pattern\": \"GROUP#g-000\"},"
                + " {\"pattern\": \"GROUP#g-001\"}, {\"pattern\": \"BOARD#{board}\", \"board\": \"Board\"},"
                + " {\"pattern\": \"USER#{sub}\", \"sub\": \"@sub\"}]").getBytes(StandardCharsets.UTF_8)));
        assertThat(json.at("/tables/Post/comment").asText()).contains("audience: 34 of 34 values are BOARD#<Board ID> or USER#<sub>;"
                + " also GROUP#g-000, GROUP#g-001 (2 values); 'g-000', 'g-001' written as fixed text: too few values for a"
                + " placeholder of their own, and IDs of no table read and no user's");
    }

    @Test
    void aFolderOfOneTeamThatIsNoTablesId_isFixedText_andTheFilesNameStaysAPlaceholder() {
        List<String> keys = new ArrayList<>();
        table("Upload", 30, i -> {
            String key = "public/teams/t-01/uploads/" + id("Upload", i) + "/" + FILE_NAMES.get(i % FILE_NAMES.size());
            keys.add(key);
            return Map.of("fileKey", s(key));
        });

        InferredPlan plan = infer(new PlanInference.Buckets(new BucketKeys(BUCKET, Set.copyOf(keys), false, 1, List.of("public/")),
                "app-storage-prod"));

        JsonNode json = Json.tree(plan.planJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.at("/tables/Upload/files/fileKey")).isEqualTo(Json.tree(("{\"format\": \"key\", \"pattern\":"
                + " \"public/teams/t-01/uploads/{uploadId}/{name}\", \"uploadId\": \"Upload\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(json.at("/tables/Upload/comment").asText()).contains("'t-01' written as fixed text");
    }

    static String uploadKey(int i) {
        String name = FILE_NAMES.get(i % FILE_NAMES.size());
        return i % 2 == 0 ? "protected/" + identityId(i / 2 % 4) + "/uploads/" + id("Upload", i) + "/" + name
                : "public/boards/" + id("Board", i % 6) + "/uploads/" + id("Upload", i) + "/" + name;
    }

    private InferredPlan infer(PlanInference.Buckets buckets) {
        return PlanInference.infer(new StoreTableReader(store), new PlanInference.Options(DEV, PROD, 500, Thresholds.DEFAULT, null,
                buckets), line -> { });
    }

    private void table(String model, int count, IntFunction<Map<String, AttributeValue>> attributes) {
        store.createTable(model + DEV, "id", ScalarAttributeType.S);
        store.createTable(model + PROD, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>(attributes.apply(i));
            item.put("id", s(id(model, i)));
            store.put(model + DEV, item);
        }
    }

    private static String identityId(int user) {
        return String.format("us-east-1:0d0c0de0-0000-4000-8000-%012x", user);
    }

    private static String sub(int user) {
        return String.format("5ab5ab00-0000-4000-8000-%012x", user);
    }

    static String id(String model, int index) {
        return String.format("%08x", model.hashCode()) + String.format("-0000-4000-8000-%012x", index);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
