// SPDX-License-Identifier: Apache-2.0
package dev.dmig.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The sample app's Storage, as the demo sets it up: a dev and a prod bucket in the S3 store the demo's artifacts are in,
 * each user's avatar under {@code protected/<identityId>/avatar.png} (named by their profile's {@code avatar.key}) and a
 * cover image under {@code public/projects/<id>/cover.jpg} for some projects ({@code coverKey}), a few dozen small
 * files in all; the plan's file references for them, and the identity map with each user's identity-pool IDs, which
 * Amplify Storage puts in protected keys.
 */
public final class SampleStorage {
    public static final String DEV_BUCKET = "dmig-sample-storage-dev";
    public static final String PROD_BUCKET = "dmig-sample-storage-prod";
    /** The projects that have a cover image: the first ones by ID. */
    public static final int COVERS = 24;
    /** The demo's buckets and covers. */
    public static final Layout STANDARD = new Layout(DEV_BUCKET, PROD_BUCKET, COVERS);
    /** The record attributes that hold the keys: table, attribute. */
    public static final Map<String, String> KEYS = Map.of("UserProfiles", "avatar.key", "Projects", "coverKey");
    private static final String REGION = "us-east-1:";

    private SampleStorage() {
    }

    /**
     * Where the files are and how many: the dev and prod buckets, and how many projects (the first ones by ID) have a
     * cover image. The demo's is {@link #STANDARD}; the benchmark's its own, with a few hundred covers.
     */
    public record Layout(String devBucket, String prodBucket, int covers) {
    }

    /** A user's identity-pool ID in the dev ({@code prod} false) or the prod environment. */
    public static String identityId(SampleData.User user, boolean prod) {
        String sub = prod ? user.prodSub() : user.devSub();
        return REGION + UUID.nameUUIDFromBytes(("identity:" + sub).getBytes(StandardCharsets.UTF_8));
    }

    /** The sample's identity map with each user's identity-pool IDs after the subs. */
    public static byte[] identities(SampleData data) {
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_identity_id,target_identity_id\n");
        for (SampleData.User user : data.users()) {
            csv.append(user.devSub()).append(',').append(user.prodSub()).append(',').append(identityId(user, false)).append(',')
                    .append(identityId(user, true)).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code planJson} with both sides' buckets and the file references of avatars and covers. */
    public static String plan(String planJson) {
        return plan(planJson, STANDARD);
    }

    /** {@code planJson} with the buckets of {@code layout} and the file references of avatars and covers. */
    public static String plan(String planJson, Layout layout) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            ObjectNode plan = (ObjectNode) mapper.readTree(planJson);
            ((ObjectNode) plan.get("source")).put("storageBucket", layout.devBucket());
            ((ObjectNode) plan.get("target")).put("storageBucket", layout.prodBucket());
            ObjectNode tables = (ObjectNode) plan.get("tables");
            ((ObjectNode) tables.get("UserProfiles")).putObject("files").putObject("avatar.key")
                    .put("pattern", "protected/{identityId}/avatar.png").put("identityId", "@identityId");
            ((ObjectNode) tables.get("Projects")).putObject("files").putObject("coverKey")
                    .put("pattern", "public/projects/{id}/cover.jpg").put("id", "Projects");
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sample plan is not valid JSON", e);
        }
    }

    /**
     * Empties (or creates) both buckets, puts each file in the dev bucket and names it in its dev record. Returns how many
     * files there are.
     */
    public static int create(SampleData data, DynamoDbClient dynamoDb, S3Client s3, String devSuffix) {
        return create(data, dynamoDb, s3, devSuffix, STANDARD);
    }

    /** As above, in the buckets of {@code layout}, with its number of covers. */
    public static int create(SampleData data, DynamoDbClient dynamoDb, S3Client s3, String devSuffix, Layout layout) {
        for (String bucket : List.of(layout.devBucket(), layout.prodBucket())) {
            empty(s3, bucket);
        }
        int files = 0;
        for (SampleData.User user : data.users()) {
            String key = "protected/" + identityId(user, false) + "/avatar.png";
            put(s3, layout.devBucket(), key, "image/png");
            dynamoDb.updateItem(b -> b.tableName("UserProfiles" + devSuffix).key(Map.of("PK", AttributeValue.fromS("USER#" + user.devSub())))
                    .updateExpression("SET avatar = :avatar")
                    .expressionAttributeValues(Map.of(":avatar", AttributeValue.fromM(Map.of("key", AttributeValue.fromS(key))))));
            files++;
        }
        List<String> projects = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName("Projects" + devSuffix).projectionExpression("id")).items()
                .forEach(item -> projects.add(item.get("id").s()));
        projects.sort(Comparator.naturalOrder());
        for (String project : projects.subList(0, Math.min(layout.covers(), projects.size()))) {
            String key = "public/projects/" + project + "/cover.jpg";
            put(s3, layout.devBucket(), key, "image/jpeg");
            dynamoDb.updateItem(b -> b.tableName("Projects" + devSuffix).key(Map.of("id", AttributeValue.fromS(project)))
                    .updateExpression("SET coverKey = :key").expressionAttributeValues(Map.of(":key", AttributeValue.fromS(key))));
            files++;
        }
        return files;
    }

    /** Creates {@code bucket}, or deletes every object it holds. */
    public static void empty(S3Client s3, String bucket) {
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(b -> b.bucket(bucket));
            return;
        }
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
    }

    /** A small file of its own bytes, like an image's (the demo never shows them). */
    private static void put(S3Client s3, String bucket, String key, String contentType) {
        byte[] bytes = new byte[512 + Math.floorMod(key.hashCode(), 1536)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + key.hashCode());
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(Map.of("sample", "dmig demo")),
                RequestBody.fromBytes(bytes));
    }
}
