package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.problems;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.files.InMemoryBucket;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.migrate.FileObjects;
import dev.dmig.migrate.FileSources;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.Problem;
import dev.dmig.store.InFlight;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A masked run's Storage files: a file reference masked as {@code placeholder}, {@code remove} or {@code keep}; the
 * objects as the run reads them (a placeholder of the object's type at a stand-in key, a removed file's none); strict
 * mode's refusal of a file the plan does not decide.
 */
class MaskedFilesTest {
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
             "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"Doc": {"files": {"photo": {}, "scan.key": {}, "notes[]": {}, "cover": {}},
                                "mask": {"photo": "placeholder", "scan.key": %s, "notes[]": "remove"%s}}}}
            """;

    private static MigrationPlan plan(String scan, String more) {
        return PlanParser.parse(PLAN.formatted(scan, more));
    }

    @Test
    void aFilesMask_readsPlaceholderRemoveAndKeep_andTheWalkReadsPlaceholdersAndLeavesRemovedFilesOut() {
        MigrationPlan plan = plan("{\"kind\": \"placeholder\"}", ", \"cover\": \"keep\"");
        assertThat(plan.table("Doc").feature(TableMask.class).rules()).extracting(rule -> rule.kind().planName())
                .containsExactly("placeholder", "placeholder", "remove", "keep");

        List<String> visited = new ArrayList<>();
        FileObjects.of(new ItemTransformer(plan)).forEach("Doc", item("id", s("d1"), "photo", s("public/a.png"),
                "scan", AttributeValue.fromM(Map.of("key", s("public/scan.pdf"))), "notes", AttributeValue.fromL(List.of(s("public/n.txt"))),
                "cover", s("public/cover.jpg")), (path, from, to) -> visited.add(path + " " + from + " → " + to));

        assertThat(visited).containsExactly("photo placeholder%2F/public/a.png → public/a.png",
                "scan.key placeholder%2F/public/scan.pdf → public/scan.pdf", "cover public/cover.jpg → public/cover.jpg");
    }

    /** The counts of a masked run's files are said by kind: each file's placeholders as such, a removed file's values left out. */
    @Test
    void aFilesMask_saysWhatStandsInForItsObjects_andWhyItLeavesSomeOut() {
        MigrationPlan plan = plan("\"keep\"", ", \"cover\": \"keep\"");
        FileSources files = FileSources.of(plan);

        assertThat(files.standIns("Doc", "photo")).isEqualTo("placeholder");
        assertThat(files.standIns("Doc", "scan.key")).isNull();
        assertThat(files.leftOutBy("Doc", "notes[]")).isEqualTo("removed by the mask");
        assertThat(files.leftOutBy("Doc", "photo")).isNull();
        assertThat(FileSources.AS_NAMED.standIns("Doc", "photo")).isNull();

        List<String> visited = new ArrayList<>();
        FileObjects.of(new ItemTransformer(plan)).forEach("Doc", item("id", s("d1"), "photo", s("public/a.png"),
                "notes", AttributeValue.fromL(List.of(s("public/n.txt"), s("public/m.txt")))), (path, from, to) -> visited.add(path));
        assertThat(visited).containsExactly("photo");
    }

    /**
     * A file key holding an email, masked by the file's pattern: the record names the key with the email masked as the
     * record's own email is, and the object is written there (its placeholder read from the source's object).
     */
    @Test
    void aFileKeysPersonalParts_areMaskedAsTheRecordsValueIs_andTheObjectGoesWhereTheRecordNamesIt() {
        MigrationPlan plan = PlanParser.parse(PLAN.formatted("\"remove\"", ", \"cover\": {\"kind\": \"keep\", \"pattern\":"
                + " \"covers/{email}.jpg\", \"email\": \"email\"}, \"email\": \"email\"").replace("\"photo\": \"placeholder\"",
                "\"photo\": {\"kind\": \"placeholder\", \"pattern\": \"avatars/{email}/{name}\", \"email\": \"email\"}")
                .replace("\"photo\": {}", "\"photo\": {\"prefix\": \"public/\"}"));
        ItemTransformer transformer = new ItemTransformer(plan);
        Map<String, AttributeValue> source = item("id", s("d1"), "email", s("alice@acme.com"), "photo",
                s("avatars/alice@acme.com/me.png"), "cover", s("covers/alice@acme.com.jpg"));

        Map<String, AttributeValue> written = transformer.transform("Doc", source);
        List<String> visited = new ArrayList<>();
        FileObjects.of(transformer).forEach("Doc", source, (path, from, to) -> visited.add(path + " " + from + " → " + to));

        String fake = written.get("email").s();
        assertThat(fake).endsWith("@example.invalid");
        assertThat(written.get("photo").s()).isEqualTo("avatars/" + fake + "/me.png");
        assertThat(written.get("cover").s()).isEqualTo("covers/" + fake + ".jpg");
        assertThat(visited).containsExactly("photo placeholder%2F/public/avatars/alice@acme.com/me.png → public/avatars/" + fake
                + "/me.png", "cover covers/alice@acme.com.jpg → covers/" + fake + ".jpg");
    }

    @Test
    void aFileKeysPattern_withoutItsKind_orOfURLs_orAKindBesideAValuesPattern_isOneLine_withTheFix() {
        assertThat(problems(PLAN.formatted("{\"pattern\": \"scans/{email}.pdf\", \"email\": \"email\"}", ", \"cover\": \"keep\","
                + " \"title\": {\"kind\": \"keep\", \"pattern\": \"T#{name}\", \"name\": \"fullName\"}")
                .replace("\"notes[]\": {}", "\"notes[]\": {\"format\": \"s3url\"}")
                .replace("\"notes[]\": \"remove\"", "\"notes[]\": {\"kind\": \"placeholder\", \"pattern\": \"{x}/{email}\","
                        + " \"email\": \"email\"}")))
                .containsExactly("table Doc, attribute scan.key: is a file reference whose key's parts mask pattern scans/{email}.pdf masks:"
                                + " say what becomes of its objects beside it, \"kind\": \"placeholder\" or \"keep\", like {\"kind\":"
                                + " \"placeholder\", \"pattern\": \"avatars/{email}.png\", \"email\": \"email\"}",
                        "table Doc, attribute notes[]: is a file reference of s3url values, and mask patterns mask the keys of files"
                                + " whose values are keys (format key): take the pattern out (\"notes[]\": \"placeholder\"), or"
                                + " remove the file",
                        "table Doc, attribute title: mask pattern T#{name} has a \"kind\", which only a file reference's takes"
                                + " (photo, scan.key, notes[], cover): take \"kind\" out");
        assertThat(problems(PLAN.formatted("\"keep\"", ", \"cover\": \"keep\", \"code\": {\"kind\": \"email\", \"pattern\":"
                + " \"C#{email}\", \"email\": \"email\"}"))).containsExactly("table Doc, attribute code: mask pattern 'C#{email}'"
                + " takes a \"kind\" only for a file reference, to say what becomes of its objects: \"placeholder\" or \"keep\","
                + " not \"email\" (a pattern's parts take their kinds by their placeholders' names)");
    }

    @Test
    void aFileMaskedAsAValue_orAPlaceholderOfNoFile_isOneLine_withTheFix() {
        assertThat(problems(PLAN.formatted("\"email\"", ", \"cover\": \"keep\", \"title\": \"placeholder\"")))
                .containsExactly("table Doc, attribute scan.key: is a file reference, whose value names an object of the Storage"
                                + " bucket, and mask masks the object, not the value: mask it as \"placeholder\" (a small file of the"
                                + " same type in its stead), \"remove\" (no file, and the attribute removed from the record) or"
                                + " \"keep\" (the files copied as they are)",
                        "table Doc, attribute title: mask placeholder stands for a Storage file, and title is none of table"
                                + " Doc's files (photo, scan.key, notes[], cover): name a file reference, or mask it as another kind");
    }

    @Test
    void strictMode_refusesAFileThePlanDoesNotDecide_oneLineWithTheFix() {
        MigrationPlan plan = plan("\"placeholder\"", "");
        List<Problem> problems = new ArrayList<>();

        MaskedFiles.undecided(plan, plan.table("Doc"), problems);

        assertThat(problems).extracting(Problem::toString).containsExactly("table Doc, attribute cover: names Storage files,"
                + " which hold what people upload, and the plan neither masks nor keeps them: add \"cover\": \"placeholder\" (a"
                + " small file of the same type in each one's stead) or \"remove\" to table Doc's mask, or \"cover\": \"keep\" to"
                + " copy the files as they are");
    }

    @Test
    void aPlaceholder_isAValidFileOfTheObjectsType_neverItsBytes_andOnlyWhileTheObjectIsThere() throws IOException {
        ObjectReader source = new InMemoryBucket("app-dev", new InFlight(1)).with("public/a.png", "alice's face")
                .with("protected/u1/cv.PDF", "alice's CV").with("public/photo.jpeg", "bob").with("public/note", "a note")
                .with("public/x.txt", "secret");
        ObjectReader masked = FileSources.of(plan("\"placeholder\"", "")).reader(source);

        ObjectHead png = masked.head(PlaceholderObjects.standIn("public/a.png")).orElseThrow();
        assertThat(png.contentType()).isEqualTo("image/png");
        assertThat(png.metadata()).isEmpty();
        BufferedImage image = ImageIO.read(masked.open(png.key()));
        assertThat(image).as("a PNG that javax.imageio reads").isNotNull();
        assertThat(image.getWidth()).isEqualTo(16);
        assertThat(bytes(masked, png.key())).hasSize((int) png.size());
        assertThat(ImageIO.read(masked.open(PlaceholderObjects.standIn("public/photo.jpeg")))).as("a JPEG").isNotNull();
        String pdf = new String(bytes(masked, PlaceholderObjects.standIn("protected/u1/cv.PDF")), StandardCharsets.ISO_8859_1);
        assertThat(pdf).startsWith("%PDF-1.").contains("/Type /Page").endsWith("%%EOF\n");
        assertThat(masked.head(PlaceholderObjects.standIn("protected/u1/cv.PDF")).orElseThrow().contentType()).isEqualTo("application/pdf");
        // No extension: the source's Content-Type says (text/plain here), and it is kept.
        ObjectHead note = masked.head(PlaceholderObjects.standIn("public/note")).orElseThrow();
        assertThat(note.contentType()).isEqualTo("text/plain");
        assertThat(new String(bytes(masked, note.key()), StandardCharsets.UTF_8)).startsWith("This file is a placeholder");
        for (String key : List.of("public/a.png", "protected/u1/cv.PDF", "public/photo.jpeg", "public/note", "public/x.txt")) {
            assertThat(bytes(masked, PlaceholderObjects.standIn(key))).as(key).isNotEqualTo(bytes(source, key));
        }
        assertThat(masked.head(PlaceholderObjects.standIn("public/gone.png"))).as("no object, no placeholder").isEmpty();
        assertThat(masked.head("public/a.png")).as("the object itself, as it is").contains(source.head("public/a.png").orElseThrow());
    }

    @Test
    void aListingOfStandIns_isTheSourcesObjects_eachOfItsPlaceholdersSize() {
        ObjectReader source = new InMemoryBucket("app-dev", new InFlight(1)).with("public/a.png", "alice's face")
                .with("public/b.pdf", "a contract").with("public/c", "no extension");
        ObjectReader masked = FileSources.of(plan("\"placeholder\"", "")).reader(source);

        ObjectReader.Listing listing = masked.listSizes(PlaceholderObjects.MARKER, null);

        assertThat(listing.objects()).extracting(ObjectReader.Listed::key).containsExactly(PlaceholderObjects.standIn("public/a.png"),
                PlaceholderObjects.standIn("public/b.pdf"), PlaceholderObjects.standIn("public/c"));
        for (ObjectReader.Listed listed : listing.objects()) {
            assertThat(listed.size()).as(listed.key()).isEqualTo(masked.head(listed.key()).orElseThrow().size());
        }
        assertThat(masked.listSizes("public/", null)).as("the source's own").isEqualTo(source.listSizes("public/", null));
        assertThat(masked.listsSizes(PlaceholderObjects.MARKER)).as("stand-ins are asked their heads").isFalse();
        assertThat(masked.listsSizes("public/")).isTrue();
    }

    @Test
    void aPlanThatCopiesEveryFileAsItIs_readsTheBucketAsItIs() {
        MigrationPlan kept = PlanParser.parse(PLAN.formatted("\"keep\"", ", \"cover\": \"keep\"")
                .replace("\"photo\": \"placeholder\"", "\"photo\": \"keep\"").replace("\"notes[]\": \"remove\"", "\"notes[]\": \"keep\""));
        ObjectReader source = new InMemoryBucket("app-dev", new InFlight(1));

        assertThat(FileSources.of(kept).reader(source)).isSameAs(source);
    }

    private static byte[] bytes(ObjectReader bucket, String key) throws IOException {
        try (InputStream in = bucket.open(key)) {
            return in.readAllBytes();
        }
    }
}
