package dev.dmig.store;

import static dev.dmig.store.Items.b;
import static dev.dmig.store.Items.bool;
import static dev.dmig.store.Items.bs;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.ns;
import static dev.dmig.store.Items.nul;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {
    private static final Map<String, AttributeValue> EVERY_TYPE = item(
            "s", s("text ✓ \"quoted\""), "empty", s(""),
            "n", n("12345678901234567890123456789012345678"), "neg", n("-1.5E-130"),
            "b", b(0, 127, 128, 255), "emptyB", b(),
            "ss", ss("b", "a"), "ns", ns("2", "1.5"), "bs", bs(new byte[] {1}, new byte[] {2, 3}),
            "m", m("inner", m("deep", l(n("1"), s("x"))), "flag", bool(false)), "emptyM", m(),
            "l", l(s("a"), n("1"), b(9), bool(true), nul(), l(), m(), ss("z"), ns("9"), bs(new byte[] {7})), "emptyL", l(),
            "t", bool(true), "f", bool(false), "nothing", nul());

    private static Map<String, AttributeValue> throughText(Map<String, AttributeValue> item) {
        String text = Json.text(DynamoJson.item(item));
        JsonNode tree = Json.tree(text.getBytes(StandardCharsets.UTF_8));
        return DynamoJson.item(tree);
    }

    @Test
    void everyType_roundTripsExactly_throughJsonText() {
        Map<String, AttributeValue> back = throughText(EVERY_TYPE);
        assertThat(back).isEqualTo(EVERY_TYPE);
        assertThat(back.keySet()).containsExactlyElementsOf(EVERY_TYPE.keySet());
        assertThat(back.get("emptyL").type()).isEqualTo(AttributeValue.Type.L);
        assertThat(back.get("emptyM").type()).isEqualTo(AttributeValue.Type.M);
        assertThat(back.get("f").bool()).isFalse();
    }

    @Test
    void shape_isDynamoDbsOwn() {
        assertThat(Json.text(DynamoJson.item(item("id", s("x"), "n", n("1"), "b", b(1), "z", nul(), "t", bool(true)))))
                .isEqualTo("{\"id\":{\"S\":\"x\"},\"n\":{\"N\":\"1\"},\"b\":{\"B\":\"AQ==\"},\"z\":{\"NULL\":true},\"t\":{\"BOOL\":true}}");
    }

    @Test
    void nullNode_isNoItem() {
        assertThat(DynamoJson.item((JsonNode) null)).isNull();
        assertThat(DynamoJson.item(Json.tree("null".getBytes(StandardCharsets.UTF_8)))).isNull();
    }

    @Test
    void notAnAttributeValue_isRejected() {
        assertThatThrownBy(() -> DynamoJson.value(Json.tree("{\"S\": \"a\", \"N\": \"1\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a DynamoDB attribute value: ");
        assertThatThrownBy(() -> DynamoJson.value(Json.tree("{\"X\": \"a\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown DynamoDB attribute type X");
    }
}
