package dev.dmig.store;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class ConditionsTest {
    private static final WriteRequest PUT = WriteRequest.builder().putRequest(PutRequest.builder().item(item("id", s("a"))).build()).build();

    @Test
    void aKeyExpectedEmpty_isAskedToHoldNothing() {
        Conditions condition = Conditions.of(GuardedWrite.ifAbsent(PUT, "id"));
        assertThat(condition.expression()).isEqualTo("attribute_not_exists(#k)");
        assertThat(condition.names()).containsExactly(Map.entry("#k", "id"));
        assertThat(condition.values()).isEmpty();
    }

    @Test
    void anExpectedItem_isComparedAttributeByAttribute() {
        Conditions condition = Conditions.of(GuardedWrite.ifHolding(PUT, "id", item("id", s("a"), "name", s("Ann"))));
        assertThat(condition.expression()).isEqualTo("attribute_exists(#k) AND #a1 = :v0 AND #a2 = :v1");
        assertThat(condition.names()).containsEntry("#a1", "id").containsEntry("#a2", "name");
        assertThat(condition.values()).containsEntry(":v0", s("a")).containsEntry(":v1", s("Ann"));
    }

    @Test
    void anItemWithMoreAttributesThanFit_isComparedOnItsChangeStampsFirst() {
        Map<String, AttributeValue> wide = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            wide.put(String.format("field%03d", i), s("v"));
        }
        wide.put("updatedAt", s("2026-01-01T00:00:00Z"));
        wide.put("_version", n("7"));

        Conditions condition = Conditions.of(GuardedWrite.ifHolding(PUT, "id", wide));

        assertThat(condition.expression().length()).isLessThanOrEqualTo(Conditions.MAX_EXPRESSION);
        assertThat(condition.names()).containsEntry("#a1", "_version").containsEntry("#a2", "updatedAt");
        assertThat(condition.values()).hasSizeLessThan(wide.size());
    }
}
