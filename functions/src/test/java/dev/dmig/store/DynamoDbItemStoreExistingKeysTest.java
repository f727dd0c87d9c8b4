package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Which partition values a table with a sort key holds: one Query each (a composite key cannot be fetched by its
 * partition value alone), asked of an SDK client that answers Query alone (DynamoDB Local answers too fast to tell one
 * after another from side by side).
 */
class DynamoDbItemStoreExistingKeysTest {

    @Test
    void aTableWithASortKey_isAskedForEachValue_sideBySide() {
        InFlight queries = new InFlight(2);
        List<String> asked = new CopyOnWriteArrayList<>();
        DynamoDbClient client = new DynamoDbClient() {
            @Override
            public QueryResponse query(QueryRequest request) {
                String value = request.expressionAttributeValues().get(":v").s();
                asked.add(value);
                return queries.during(() -> QueryResponse.builder().count(value.startsWith("held") ? 1 : 0).build());
            }

            @Override
            public software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration serviceClientConfiguration() {
                return software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration.builder().build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
        TableInfo table = new TableInfo("Comments-dev", new TableInfo.KeyAttribute("postId", ScalarAttributeType.S),
                new TableInfo.KeyAttribute("createdAt", ScalarAttributeType.S), List.of(), 0, 0);

        Set<String> found = new DynamoDbItemStore(client).existingHashKeys(table, List.of("held-1", "gone-2", "held-3", "held-1"));

        assertThat(found).containsExactlyInAnyOrder("held-1", "held-3");
        assertThat(asked).as("each value once").containsExactlyInAnyOrder("held-1", "gone-2", "held-3");
        assertThat(queries.most()).as("Queries at once").isGreaterThanOrEqualTo(2);
    }
}
