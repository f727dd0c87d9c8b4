package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

    @Test
    void textCountsItsUtf8Bytes_asStringGetBytesDoes() {
        // ASCII, two-byte, three-byte, a surrogate pair (four bytes), and a lone surrogate (encoded as '?').
        List<String> texts = List.of("", "plain", "café", "naïve résumé", "日本語テキスト", "emoji 😀 and 🎉", "lone \ud800 high",
                "lone \udc00 low", "pair at end \ud83d\ude00", "high at end \ud83d");
        for (String text : texts) {
            long expected = "a".length() + (long) text.getBytes(StandardCharsets.UTF_8).length;
            assertThat(ItemSize.of(Map.of("a", AttributeValue.fromS(text)))).as(text).isEqualTo(expected);
        }
    }

    @Test
    void numbersCountAboutOneBytePerTwoDigits_andNestedValuesTheirOverhead() {
        assertThat(ItemSize.of(Map.of("n", AttributeValue.fromN("-12345.67")))).isEqualTo(1 + (7 + 1) / 2 + 1);
        Map<String, AttributeValue> nested = Map.of("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("vé"))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromS("x"))));
        // "m" + 3 + (1 + "k" + "vé"=3 bytes); "l" + 3 + (1 + 1) + (1 + 1)
        assertThat(ItemSize.of(nested)).isEqualTo((1 + 3 + 1 + 1 + 3) + (1 + 3 + 2 + 2));
    }

    @Test
    void anItemOfEveryKindOfValue_keepsTheSizeEarlierVersionsCounted() {
        // 151: what the version that summed sets, lists and maps with streams and counted text char by char gave.
        assertThat(ItemSize.of(everyKind())).isEqualTo(151);
    }

    /** An item of every kind of value, nested, with texts of one to four UTF-8 bytes a char: 151 bytes. */
    static Map<String, AttributeValue> everyKind() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("c1"));
        item.put("name", AttributeValue.fromS("Ann \u2713 \ud83d\ude00 \ud800 caf\u00e9"));
        item.put("age", AttributeValue.fromN("-12345.67e3"));
        item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
        item.put("tags", AttributeValue.fromSs(List.of("a", "\u00e9t\u00e9", "\u65e5\u672c")));
        item.put("scores", AttributeValue.fromNs(List.of("1", "2.5", "100000")));
        item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[5]))));
        item.put("address", AttributeValue.fromM(Map.of("street", AttributeValue.fromS("Main"),
                "geo", AttributeValue.fromM(Map.of("lat", AttributeValue.fromN("1.5"))))));
        item.put("list", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("1"), AttributeValue.fromNul(true),
                AttributeValue.fromBool(true), AttributeValue.fromL(List.of()),
                AttributeValue.fromM(Map.of("\u00fc", AttributeValue.fromSs(List.of("q")))))));
        item.put("\u00e9t\u00e9", AttributeValue.fromBool(false));
        return item;
    }
}
