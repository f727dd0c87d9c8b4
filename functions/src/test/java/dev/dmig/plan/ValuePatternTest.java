package dev.dmig.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuePatternTest {
    private static final PlaceholderTarget ORDERS = new PlaceholderTarget.Model("Orders");

    @Test
    void literalsAroundOnePlaceholder_matchAndRender() {
        ValuePattern pattern = ValuePattern.parse("ORDER#{id}", Map.of("id", ORDERS));
        assertThat(pattern.match("ORDER#42")).containsExactly("42");
        assertThat(pattern.match("ORDER#")).as("a part is never empty").isNull();
        assertThat(pattern.match("ITEM#42")).isNull();
        assertThat(pattern.render(List.of("new"))).isEqualTo("ORDER#new");
        assertThat(pattern.placeholders()).containsExactly(new ValuePattern.Placeholder("id", ORDERS));
        assertThat(pattern.mapsSomething()).isTrue();
    }

    @Test
    void twoPlaceholders_splitAtTheLeftmostSeparator_andUnnamedOnesAreKept() {
        ValuePattern pattern = ValuePattern.parse("{projectId}#{createdAt}", Map.of("projectId", ORDERS));
        assertThat(pattern.match("p1#2024-05-01T10:00:00.000Z")).containsExactly("p1", "2024-05-01T10:00:00.000Z");
        assertThat(pattern.match("p1#a#b")).containsExactly("p1", "a#b");
        assertThat(pattern.placeholders().get(1).target()).isEqualTo(PlaceholderTarget.KEPT);
        assertThat(pattern.render(List.of("n1", "t"))).isEqualTo("n1#t");
    }

    @Test
    void doubledBraces_areLiteralBraces() {
        ValuePattern pattern = ValuePattern.parse("{{v}}:{id}", Map.of("id", ORDERS));
        assertThat(pattern.names()).containsExactly("id");
        assertThat(pattern.match("{v}:7")).containsExactly("7");
        assertThat(pattern.render(List.of("8"))).isEqualTo("{v}:8");
    }

    @Test
    void regexCharactersInLiterals_areLiteral() {
        ValuePattern pattern = ValuePattern.parse("a.*(b)|{id}$", Map.of("id", ORDERS));
        assertThat(pattern.match("a.*(b)|x$")).containsExactly("x");
        assertThat(pattern.match("aXX(b)|x$")).isNull();
    }

    @Test
    void aPatternWithoutPlaceholders_matchesItsTextOnly_andMapsNothing() {
        ValuePattern pattern = ValuePattern.parse("PROFILE", Map.of());
        assertThat(pattern.match("PROFILE")).isEmpty();
        assertThat(pattern.match("PROFILES")).isNull();
        assertThat(pattern.mapsSomething()).isFalse();
    }

    @Test
    void malformedPatterns_sayWhy() {
        assertThatThrownBy(() -> ValuePattern.parse("USER#{sub", Map.of()))
                .hasMessage("'{' at position 6 is not closed (write {{ for a literal brace)");
        assertThatThrownBy(() -> ValuePattern.parse("USER#sub}", Map.of()))
                .hasMessage("'}' at position 9 closes no placeholder (write }} for a literal brace)");
        assertThatThrownBy(() -> ValuePattern.parse("A#{}", Map.of()))
                .hasMessage("placeholder {} must be a name of letters, digits and _");
        assertThatThrownBy(() -> ValuePattern.parse("A#{1x}", Map.of()))
                .hasMessage("placeholder {1x} must be a name of letters, digits and _");
        assertThatThrownBy(() -> ValuePattern.parse("{a}{b}", Map.of()))
                .hasMessage("placeholders {a} and {b} have no text between them, so a value cannot be split");
        assertThatThrownBy(() -> ValuePattern.parse("{a}#{a}", Map.of()))
                .hasMessage("placeholder {a} appears twice");
    }
}
