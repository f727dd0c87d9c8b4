package dev.dmig.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class SampleSchemaTest {

    @Test
    void physicalName_isModelPlusSuffix() {
        assertThat(SampleSchema.table("Contacts").createTableRequest(SamplePlan.DEV_SUFFIX).tableName())
                .isEqualTo("Contacts-fvn7t5hbobaxjklhrqzdl4ac34-NONE");
        assertThat(SampleSchema.table("QuoteItems").physicalName(SamplePlan.PROD_SUFFIX))
                .isEqualTo("QuoteItems-aqnqdrctpzfwfjwyxxsmu6peoq-NONE");
    }

    @Test
    void everyTable_isOnDemand_keyedByAStringHashKey() {
        for (SampleTable table : SampleSchema.tables()) {
            CreateTableRequest request = table.createTableRequest("-x");
            assertThat(request.billingMode()).as(table.model()).isEqualTo(BillingMode.PAY_PER_REQUEST);
            KeySchemaElement hash = request.keySchema().get(0);
            assertThat(hash.keyType()).isEqualTo(KeyType.HASH);
            assertThat(hash.attributeName()).isEqualTo(switch (table.model()) {
                case "SecureConfig" -> "key";
                case "UserProfiles" -> "PK";
                default -> "id";
            });
            assertThat(definitions(request)).containsEntry(hash.attributeName(), ScalarAttributeType.S);
        }
    }

    @Test
    void attributeDefinitions_coverExactlyTheKeyAttributes() {
        // CreateTable fails on a definition that no table or index key uses.
        for (SampleTable table : SampleSchema.tables()) {
            CreateTableRequest request = table.createTableRequest("-x");
            Set<String> used = new HashSet<>();
            request.keySchema().forEach(k -> used.add(k.attributeName()));
            request.globalSecondaryIndexes().forEach(gsi -> gsi.keySchema().forEach(k -> used.add(k.attributeName())));
            assertThat(definitions(request).keySet()).as(table.model()).isEqualTo(used);
            assertThat(request.attributeDefinitions()).as(table.model()).doesNotHaveDuplicates();
        }
    }

    @Test
    void indexes_areTheOnesAmplifyIndexWouldCreate() {
        assertIndex("Requests", "byAgentContact", "agentContactId", null);
        assertIndex("Projects", "byHomeowner", "homeownerContactId", null);
        assertIndex("Quotes", "byProject", "projectId", null);
        // @index(name: "byAgentProject", sortKeyFields: ["projectId", "createdAt"]): a composite sort key of its own.
        assertIndex("Quotes", "byAgentProject", "agentContactId", "projectId#createdAt");
        assertIndex("QuoteItems", "byQuote", "quoteId", "createdAt");
        assertIndex("ProjectComments", "byProject", "projectId", "createdAt");
    }

    @Test
    void everyIndex_projectsAllAttributes() {
        SampleSchema.tables().forEach(table -> table.createTableRequest("-x").globalSecondaryIndexes()
                .forEach(gsi -> assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.ALL)));
    }

    @Test
    void auditLog_hasACompositePrimaryKey() {
        assertThat(SampleSchema.table("ContactAuditLog").keyAttributes()).containsExactly("id", "createdAt");
        assertThat(SampleSchema.table("ContactAuditLog").createTableRequest("-x").keySchema())
                .extracting(KeySchemaElement::keyType).containsExactly(KeyType.HASH, KeyType.RANGE);
    }

    @Test
    void devAndProdTables_differOnlyInName() {
        for (SampleTable table : SampleSchema.tables()) {
            CreateTableRequest dev = table.createTableRequest(SamplePlan.DEV_SUFFIX);
            CreateTableRequest prod = table.createTableRequest(SamplePlan.PROD_SUFFIX);
            assertThat(dev.toBuilder().tableName("same").build()).isEqualTo(prod.toBuilder().tableName("same").build());
        }
    }

    @Test
    void unknownModel_isRejectedByName() {
        assertThatThrownBy(() -> SampleSchema.table("Invoices"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no sample table Invoices");
    }

    @Test
    void schema_hasThirtyTwoTables() {
        List<String> models = SampleSchema.models();
        assertThat(models).hasSize(32).doesNotHaveDuplicates();
        assertThat(models.stream().filter(m -> m.startsWith("BackOffice"))).hasSize(9);
    }

    private static void assertIndex(String model, String name, String hash, String range) {
        GlobalSecondaryIndex gsi = SampleSchema.table(model).createTableRequest("-x").globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals(name)).findFirst().orElseThrow();
        List<String> expected = range == null ? List.of(hash) : List.of(hash, range);
        assertThat(gsi.keySchema()).extracting(KeySchemaElement::attributeName).as(model + " " + name)
                .containsExactlyElementsOf(expected);
    }

    private static Map<String, ScalarAttributeType> definitions(CreateTableRequest request) {
        return request.attributeDefinitions().stream()
                .collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeType,
                        (a, b) -> a, LinkedHashMap::new));
    }
}
