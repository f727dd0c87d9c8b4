package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
