package dev.dmig.feature.files;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.TestFeatures;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A file value renamed with its item by the files feature's rewrite: to the target's bucket, with the run's IDs and identities. */
class FileKeyRewriteTest {
    private static final IdMapper IDS = new IdMapper("prod-NONE");
    private static final long STARTED = 1_717_000_000_123L;
    private static final String S_ANN = "5a000000-0000-4000-8000-000000000001";
    private static final String T_ANN = "7a000000-0000-4000-8000-000000000001";
    private static final String ANN_DEV_ID = "us-east-1:0d000000-0000-4000-8000-0000000000a1";
    private static final String ANN_PROD_ID = "us-east-1:0e000000-0000-4000-8000-0000000000a1";

    /** A source item that the transformer must not be able to change. */
    private static Map<String, AttributeValue> frozen(Map<String, AttributeValue> item) {
        return Map.copyOf(item);
    }

    /** Identities from the sides' user pools, which a build without the identities feature reads as the sides' fields alone. */
    private static final MigrationPlan FILES = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev", "userPoolId": "us-east-1_Dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod", "userPoolId": "us-east-1_Prod"},
             "tables": {
               "Photo": {"files": {"image.key": {"pattern": "protected/{identityId}/photos/{id}.jpg", "identityId": "@identityId",
                                                 "id": "Photo"},
                                   "thumb": {"prefix": "public/", "pattern": "thumbs/{id}.png", "id": "Photo"},
                                   "attachments[]": {"format": "s3url"}, "cover": {"format": "url"}, "plain": {}}}}}
            """);
    private static final dev.dmig.identity.IdentityMap IDENTITY_IDS = dev.dmig.identity.IdentityCsv.parse("identities.csv",
            ("source_sub,target_sub,source_identity_id,target_identity_id\n" + S_ANN + "," + T_ANN + "," + ANN_DEV_ID + "," + ANN_PROD_ID
                    + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private final ItemTransformer files = new ItemTransformer(FILES, new RunMappings(STARTED, IDENTITY_IDS));

    @Test
    void fileReferences_areRenamed_withTheirRecordsIds_andIdentities_toTheTargetsBucket() {
        TestFeatures.assumeHas("IdentityFeature");
        String photo = IDS.newId("Photo", "p1");
        Map<String, AttributeValue> source = frozen(item("id", s("p1"),
                "image", m("key", s("protected/" + ANN_DEV_ID + "/photos/p1.jpg")), "thumb", s("thumbs/p1.png"),
                "attachments", l(s("s3://app-dev/docs/a b.pdf"), s("")),
                "cover", s("https://app-dev.s3.us-east-1.amazonaws.com/covers/c%201.jpg?X-Amz-Signature=1"),
                "plain", s("public/x.txt")));
        assertThat(files.transform("Photo", source)).isEqualTo(item("id", s(photo),
                "image", m("key", s("protected/" + ANN_PROD_ID + "/photos/" + photo + ".jpg")), "thumb", s("thumbs/" + photo + ".png"),
                "attachments", l(s("s3://app-prod/docs/a b.pdf"), s("")),
                "cover", s("https://app-prod.s3.us-east-1.amazonaws.com/covers/c%201.jpg"), "plain", s("public/x.txt")));
        assertThat(files.transform("Photo", frozen(item("id", s("p2"), "cover", s("http://127.0.0.1:9000/app-dev/a/b.png")))))
                .as("a path-style URL, as an S3-compatible server serves it").containsEntry("cover", s("http://127.0.0.1:9000/app-prod/a/b.png"));
    }

    @Test
    void aFileValueOfAnotherBucket_orAnotherShape_isADataProblem_namingTheItem() {
        assertThatThrownBy(() -> files.transform("Photo", frozen(item("id", s("p1"), "attachments", l(s("s3://other/a.pdf"))))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Photo, item id=p1, attribute attachments[]: 's3://other/a.pdf' is not an s3:// URL of an object in bucket app-dev");
        assertThatThrownBy(() -> files.transform("Photo", frozen(item("id", s("p1"), "cover", s("https://cdn.example.com/a.jpg")))))
                .hasMessage("table Photo, item id=p1, attribute cover: 'https://cdn.example.com/a.jpg' is not a URL of an object in bucket "
                        + "app-dev (neither app-dev.<host>/<key> nor <host>/app-dev/<key>)");
        assertThatThrownBy(() -> files.transform("Photo", frozen(item("id", s("p1"), "thumb", s("p1.png")))))
                .hasMessage("table Photo, item id=p1, attribute thumb: 'p1.png' does not match its pattern thumbs/{id}.png");
        assertThatThrownBy(() -> files.transform("Photo", frozen(item("id", s("p1"), "plain", s("k".repeat(1025))))))
                .hasMessageStartingWith("table Photo, item id=p1, attribute plain: the object key 'kkk").hasMessageEndingWith(
                        "' would be 1025 bytes, over S3's 1024");
    }

    @Test
    void aKeyS3WouldNotTakeAsWritten_inTheRecord_orAfterMapping_isADataProblem_namingTheItem() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("../etc/passwd", "'../etc/passwd' has a '..' path segment, which HTTP clients resolve away, reaching another key");
        refused.put("docs/./a.pdf", "'docs/./a.pdf' has a '.' path segment, which HTTP clients resolve away, reaching another key");
        refused.put("/docs/a.pdf", "'/docs/a.pdf' starts with '/', which S3 clients may drop or double");
        refused.put("docs/a\nb.pdf", "'docs/aU+000Ab.pdf' holds the control character U+000A, which S3's requests and listings do not "
                + "carry intact");
        refused.put("docs/\u007f.pdf", "'docs/U+007F.pdf' holds the control character U+007F, which S3's requests and listings do not "
                + "carry intact");
        refused.put("docs/%2E%2e/a.pdf", "'docs/%2E%2e/a.pdf' holds '%2E', an encoded '.', which a client or proxy may decode into "
                + "another key");
        refused.put("docs%2fa.pdf", "'docs%2fa.pdf' holds '%2f', an encoded '/', which a client or proxy may decode into another key");
        refused.forEach((key, why) -> {
            assertThatThrownBy(() -> files.transform("Photo", frozen(item("id", s("p1"), "plain", s(key)))))
                    .as(key).isInstanceOf(ItemInvalidException.class)
                    .hasMessage("table Photo, item id=p1, attribute plain: object key " + why + ": rename the object and fix the record");
        });
        assertThatThrownBy(() -> files.transform("Photo", frozen(item("id", s("p1"), "cover",
                s("https://app-dev.s3.us-east-1.amazonaws.com/covers/%2e%2e/x.jpg")))))
                .as("a URL's path is decoded to its key first").hasMessage("table Photo, item id=p1, attribute cover: object key "
                        + "'covers/../x.jpg' has a '..' path segment, which HTTP clients resolve away, reaching another key: rename the "
                        + "object and fix the record");
        assertThat(files.transform("Photo", frozen(item("id", s("p1"), "plain", s("docs/..a/b..pdf/.hidden")))))
                .as("dots inside a segment are no segment of their own").containsEntry("plain", s("docs/..a/b..pdf/.hidden"));
    }
}
