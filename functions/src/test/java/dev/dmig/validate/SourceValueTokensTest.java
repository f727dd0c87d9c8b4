package dev.dmig.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a string is cut into the tokens looked up as the source's, and how a finding's example is shown. */
class SourceValueTokensTest {
    private static final String SUB = "0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60";
    private static final String IDENTITY = "eu-west-1:7f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";

    /** Each token as {@code token} + ({@code *} when whole) + ({@code ^} when after an owner's {@code ::}). */
    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        SourceValueTokens.forEachToken(value, (token, whole, afterOwner) -> tokens.add(token + (whole ? "*" : "") + (afterOwner ? "^" : "")));
        return tokens;
    }

    @Test
    void aPlainValue_isOneToken_andAFileNameAlsoWithoutItsExtension() {
        assertThat(tokens(SUB)).containsExactly(SUB + "*");
        assertThat(tokens("task-0001.jpg")).containsExactly("task-0001.jpg*", "task-0001");
    }

    @Test
    void anOwnerValue_givesItsSubAndItsUsername_markedAsTheOwnersName() {
        assertThat(tokens(SUB + "::admin")).containsExactly(SUB + "::admin*", SUB, "admin^");
    }

    @Test
    void keysAndPaths_areCutAtTheirSeparators_andUrlEncodedPiecesAreDecoded() {
        assertThat(tokens("USER#" + SUB)).containsExactly("USER#" + SUB + "*", "USER", SUB);
        assertThat(tokens("protected/" + IDENTITY + "/photos/ph-0001.jpg")).containsExactly(
                "protected/" + IDENTITY + "/photos/ph-0001.jpg*", "protected", IDENTITY, "photos", "ph-0001.jpg", "ph-0001");
        assertThat(tokens("protected/eu-west-1%3A7f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/a")).contains(IDENTITY);
    }

    @Test
    void aJsonStringAndFreeText_giveTheirWords() {
        assertThat(tokens("{\"assignee\":\"" + SUB + "\"}")).contains("assignee", SUB);
        assertThat(tokens("ask admin, then " + SUB + ".")).contains("ask", "admin", "then", SUB);
    }

    @Test
    void aBrokenEscape_isLookedAtAsItIs() {
        assertThat(tokens("100%-done/x")).containsExactly("100%-done/x*", "100%-done", "x");
    }

    @Test
    void everySeparator_cutsAsItDid_andNoOtherCharacterDoes() {
        for (char c : "#|/,;?&=\"'{}[]()<> \t\n\u000B\f\r\u001C\u001F\u2003\u3000".toCharArray()) {
            assertThat(tokens("ab" + c + "cd")).as("U+%04X", (int) c).containsExactly("ab" + c + "cd*", "ab", "cd");
        }
        for (char c : "-_@+*~`$^\u00A0\u00E9\u4E2D".toCharArray()) {
            assertThat(tokens("ab" + c + "cd")).as("U+%04X", (int) c).containsExactly("ab" + c + "cd*");
        }
        assertThat(tokens("a:b")).containsExactly("a:b*");
        assertThat(tokens("a:::b")).containsExactly("a:::b*", "a", ":b^");
    }

    /** Every character, not only those named: a blank by Java's rule or one of the ASCII cuts, and nothing else. */
    @Test
    void everyCharacter_cutsExactlyWhenItIsABlankOrAnAsciiCut() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (c == ':' || Character.isSurrogate((char) c)) {
                continue;
            }
            boolean cuts = Character.isWhitespace(c) || "#|/,;?&=\"'{}[]()<>".indexOf(c) >= 0;
            String value = "ab" + (char) c + "cd";
            assertThat(tokens(value).containsAll(List.of("ab", "cd"))).as("U+%04X", c).isEqualTo(cuts);
        }
    }

    @Test
    void examples_maskEveryEmailAndPhoneNumber_andShowTheRestAsItIs() {
        assertThat(SourceValueTokens.masked("id=inbox#carol.jones@example.com")).isEqualTo("id=inbox#c***@e***.com");
        assertThat(SourceValueTokens.masked("PK=USER#+15551234567, SK=" + SUB + "::carol@example.org"))
                .isEqualTo("PK=USER#+1********67, SK=" + SUB + "::c***@e***.org");
        assertThat(SourceValueTokens.masked("protected/" + IDENTITY + "/a.jpg")).isEqualTo("protected/" + IDENTITY + "/a.jpg");
    }
}
