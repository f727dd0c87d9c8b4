package dev.dmig.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * In a fresh JVM: builds dmig's two SDK clients on one HTTP client, times the first DynamoDB and
 * S3 requests, then 200 more small requests one after another. Prints one line of JSON.
 * Arguments: http dynamodbEndpoint s3Endpoint bucket accessKey secretKey table.
 */
public final class ClientInitProbe {
    private ClientInitProbe() {
    }

    public static void main(String[] args) {
        long untilMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        Clients.Http http = Clients.Http.parse(args[0]);
        long t0 = System.nanoTime();
        DynamoDbClient dynamoDb = Clients.dynamoDb(http, URI.create(args[1]), Region.US_EAST_1, Clients.credentials(args[4], args[5]), 16);
        S3Client s3 = Clients.s3(http, URI.create(args[2]), Region.US_EAST_1, Clients.credentials(args[4], args[5]), 16);
        long built = System.nanoTime();
        dynamoDb.describeTable(b -> b.tableName(args[6]));
        long firstDynamo = System.nanoTime();
        s3.listObjectsV2(b -> b.bucket(args[3]).maxKeys(1));
        long firstS3 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            dynamoDb.describeTable(b -> b.tableName(args[6]));
            s3.listObjectsV2(b -> b.bucket(args[3]).maxKeys(1));
        }
        long warm = System.nanoTime();
        System.out.println("{\"http\":\"" + http.text() + "\",\"jvmToMainMs\":" + untilMain + ",\"buildClientsMs\":" + ms(built - t0)
                + ",\"firstDynamoDbMs\":" + ms(firstDynamo - built) + ",\"firstS3Ms\":" + ms(firstS3 - firstDynamo)
                + ",\"initPlusFirstMs\":" + ms(firstS3 - t0) + ",\"next200RequestsMs\":" + ms(warm - firstS3)
                + ",\"classesLoaded\":" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() + "}");
        System.out.flush();
        System.exit(0);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }
}
