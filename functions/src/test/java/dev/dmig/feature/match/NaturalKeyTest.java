package dev.dmig.feature.match;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Natural keys as pairing and validation compare them, and as messages name them. */
class NaturalKeyTest {
    private static final Match BY_NAME = new Match(List.of("name"), Match.WhenMatched.KEEP, Match.WhenNotMatched.INSERT, false);
    private static final Match BY_EMAIL_ANY_CASE = new Match(List.of("orgId", "email"), Match.WhenMatched.KEEP,
            Match.WhenNotMatched.INSERT, true);
    /** José with é as one character (NFC), and as e followed by a combining acute accent (NFD). */
    private static final String COMPOSED = "Jos\u00e9";
    private static final String DECOMPOSED = "Jose\u0301";

    @Test
    void composedAndDecomposedAccents_andSurroundingBlanks_areOneKey() {
        assertThat(COMPOSED).isNotEqualTo(DECOMPOSED);

        assertThat(NaturalKey.of(BY_NAME, item("name", s(DECOMPOSED)))).isEqualTo(NaturalKey.of(BY_NAME, item("name", s(COMPOSED))));
        assertThat(NaturalKey.of(BY_NAME, item("name", s("bob ")))).isEqualTo(NaturalKey.of(BY_NAME, item("name", s("bob"))));
        assertThat(NaturalKey.of(BY_NAME, item("name", s("\t bob\u00a0\n")))).as("tabs, newlines, no-break spaces")
                .isEqualTo(NaturalKey.of(BY_NAME, item("name", s("bob"))));
        assertThat(NaturalKey.of(BY_NAME, item("name", s("Bob")))).as("case counts unless caseInsensitive")
                .isNotEqualTo(NaturalKey.of(BY_NAME, item("name", s("bob"))));
        assertThat(NaturalKey.of(BY_NAME, item("name", s("b ob")))).as("blanks inside count")
                .isNotEqualTo(NaturalKey.of(BY_NAME, item("name", s("bob"))));
    }

    @Test
    void caseInsensitive_foldsCaseAfterComposingAndStripping() {
        assertThat(NaturalKey.of(BY_EMAIL_ANY_CASE, item("orgId", s("o1"), "email", s(" JOSE\u0301@Example.COM "))))
                .isEqualTo(NaturalKey.of(BY_EMAIL_ANY_CASE, item("orgId", s("o1"), "email", s("jos\u00e9@example.com"))));
        assertThat(NaturalKey.of(BY_EMAIL_ANY_CASE, item("orgId", s("o2"), "email", s("jos\u00e9@example.com"))))
                .as("every attribute counts").isNotEqualTo(NaturalKey.of(BY_EMAIL_ANY_CASE, item("orgId", s("o1"),
                        "email", s("jos\u00e9@example.com"))));
    }

    @Test
    void aBlankValue_likeAMissingOne_isNoKey_andNumbersCompareByValue() {
        assertThat(NaturalKey.of(BY_NAME, item("name", s("  ")))).isNull();
        assertThat(NaturalKey.of(BY_NAME, item("other", s("x")))).isNull();
        assertThat(NaturalKey.of(BY_NAME, item("name", n("1.50")))).isEqualTo(NaturalKey.of(BY_NAME, item("name", n("1.5"))));
        assertThat(NaturalKey.of(BY_NAME, item("name", n("15")))).as("a number is not the string of its digits")
                .isNotEqualTo(NaturalKey.of(BY_NAME, item("name", s("15"))));
    }

    @Test
    void describe_masksEveryValue_emailsAndPhonesAsIdentitiesAre_neverShowingOneWhole() {
        String described = NaturalKey.describe(BY_EMAIL_ANY_CASE, item("orgId", s("acme-corp"), "email", s("orders@acme.com")));

        assertThat(described).isEqualTo("orgId 'a***', email 'o***@a***.com'").doesNotContain("orders", "acme-corp");
        assertThat(NaturalKey.describe(BY_NAME, item("name", s(" " + DECOMPOSED)))).isEqualTo("name 'J***'");
        assertThat(NaturalKey.describe(BY_NAME, item("name", n("15550100123")))).isEqualTo("name 1********23");
        assertThat(NaturalKey.describe(BY_NAME, item("name", s("x")))).as("one character: the mask alone").isEqualTo("name '***'");
        assertThat(NaturalKey.describe(BY_NAME, item())).isEqualTo("name (none)");
    }

    /** A record keyed by the value it is paired on: the lines that name it name its key masked, never the address. */
    @Test
    void aKeyThatIsTheMatchedValue_isNamedMasked() {
        Match byEmail = new Match(List.of("email"), Match.WhenMatched.KEEP, Match.WhenNotMatched.INSERT, true);
        RecordPairing pairing = new RecordPairing("User", byEmail, null, java.time.Instant.EPOCH);
        for (String email : List.of("alice@example.com", "Alice@Example.com")) {
            pairing.addTarget(email, item("email", s(email)), item("email", s(email), "name", s("Alice")));
        }
        pairing.addSource("u1", item("email", s("alice@example.com ")), item("email", s("alice@example.com ")));
        pairing.candidates();
        List<dev.dmig.plan.Problem> problems = new java.util.ArrayList<>();

        pairing.result(problems, new java.util.ArrayList<>());

        assertThat(problems).singleElement().asString().contains("source item email=").contains(" matches 2 target items, email=")
                .doesNotContainIgnoringCase("alice@example.com");
        assertThat(NaturalKey.describeKey(byEmail, item("orgId", s("o-1"), "email", s("alice@example.com"))))
                .as("the other attributes of the key as they are").startsWith("orgId=o-1, email=").doesNotContain("alice@");
    }
}
