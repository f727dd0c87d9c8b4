package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.BillingModeSummary;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableWarmThroughputDescription;

/**
 * What DescribeTable says of a table's write capacity, as DynamoDB on AWS answers it (DynamoDB Local reports
 * on demand with no maximum and no warm throughput, so the fields are built here with the SDK's own model).
 */
class DynamoDbItemStoreCapacityTest {

    @Test
    void onDemand_itsMaximums_andItsWarmThroughput() {
        TableDescription description = TableDescription.builder()
                .billingModeSummary(BillingModeSummary.builder().billingMode(BillingMode.PAY_PER_REQUEST).build())
                .onDemandThroughput(OnDemandThroughput.builder().maxWriteRequestUnits(-1L).build())
                .globalSecondaryIndexes(GlobalSecondaryIndexDescription.builder()
                        .onDemandThroughput(OnDemandThroughput.builder().maxWriteRequestUnits(3_000L).build()).build())
                .warmThroughput(TableWarmThroughputDescription.builder().writeUnitsPerSecond(4_000L).readUnitsPerSecond(12_000L).build())
                .build();

        assertThat(DynamoDbItemStore.writeCapacity(description)).isEqualTo(new TableInfo.WriteCapacity(true, 0, List.of(3_000L), 4_000));
    }

    @Test
    void provisioned_itsUnits_andNoWarmThroughputWhenNoneIsSaid() {
        TableDescription description = TableDescription.builder()
                .provisionedThroughput(ProvisionedThroughputDescription.builder().writeCapacityUnits(500L).build())
                .build();

        assertThat(DynamoDbItemStore.writeCapacity(description)).isEqualTo(new TableInfo.WriteCapacity(false, 500, List.of(), 0));
    }
}
