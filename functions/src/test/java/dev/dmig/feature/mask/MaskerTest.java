package dev.dmig.feature.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Masked values: a function of the key, the kind and the value alone, of the kind's shape, never the source's. */
class MaskerTest {
    static final MaskKey KEY = MaskKey.of("DMIG_MASK_KEY", "a-test-key-of-32-characters-long");
    static final MaskKey OTHER = MaskKey.of("DMIG_MASK_KEY", "another-key-of-32-characters-abc");
    private static final Pattern EMAIL = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*\\.[0-9a-f]{12}@example\\.invalid");

    private final Masker masker = new Masker(KEY);

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void oneValue_masksAlikeUnderOneKey_byAnyMasker_andOtherwiseUnderAnother() {
        for (MaskKind kind : new MaskKind[] {MaskKind.EMAIL, MaskKind.GIVEN_NAME, MaskKind.FAMILY_NAME, MaskKind.FULL_NAME,
                MaskKind.PHONE, MaskKind.ADDRESS, MaskKind.TEXT}) {
            String masked = masker.text(kind, "alice.smith@corp.example");
            assertThat(new Masker(KEY).text(kind, "alice.smith@corp.example")).as(kind.planName()).isEqualTo(masked);
            assertThat(new Masker(OTHER).text(kind, "alice.smith@corp.example")).as(kind.planName()).isNotEqualTo(masked);
            assertThat(masked).as(kind.planName()).isNotEqualTo("alice.smith@corp.example");
        }
    }

    @Test
    void emails_areValidAddressesOnAReservedDomain_andTenThousandStayApart() {
        Set<String> masked = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String email = masker.text(MaskKind.EMAIL, "user" + i + "@gmail.com");
            assertThat(email).matches(EMAIL);
            assertThat(email.substring(0, email.indexOf('@'))).hasSizeLessThanOrEqualTo(64);
            masked.add(email);
        }
        assertThat(masked).hasSize(10_000);
    }

    @Test
    void names_neverComeOutAsTheirSource() {
        for (String name : new String[] {"John", "Mary", "James", "Patricia", "Robert", "Jennifer", "Smith", "Johnson"}) {
            for (MaskKind kind : new MaskKind[] {MaskKind.GIVEN_NAME, MaskKind.FAMILY_NAME}) {
                assertThat(masker.text(kind, name)).isNotBlank().isNotEqualToIgnoringCase(name);
            }
        }
        assertThat(masker.text(MaskKind.FULL_NAME, "John Smith")).contains(" ");
        assertThat(masker.text(MaskKind.GIVEN_NAME, "")).as("an empty value stays empty").isEmpty();
    }

    @Test
    void phones_areE164NumbersInTheRangeForFiction() {
        for (int i = 0; i < 200; i++) {
            assertThat(masker.text(MaskKind.PHONE, "+4479460" + i)).matches("\\+1[2-9][0-9]{2}55501[0-9]{2}");
        }
    }

    @Test
    void text_isFakeTextOfTheSameLength() {
        String source = "Called about the invoice, prefers mornings.";
        String masked = masker.text(MaskKind.TEXT, source);
        assertThat(masked).hasSameSizeAs(source).isNotEqualTo(source).doesNotContain("invoice");
    }

    @Test
    void dates_areShiftedByWholeDays_withinTheRule_andKeepWhatFollowsTheDate() {
        MaskRule rule = new MaskRule(dev.dmig.plan.ReferencePath.parse("born"), MaskKind.DATE, null, MaskRule.DEFAULT_RANGE, 30);
        for (int day = 1; day <= 28; day++) {
            String date = String.format("1990-02-%02d", day);
            LocalDate shifted = LocalDate.parse(masker.mask(rule, s(date)).s());
            long days = ChronoUnit.DAYS.between(LocalDate.parse(date), shifted);
            assertThat(Math.abs(days)).isBetween(1L, 30L);
            assertThat(masker.mask(rule, s(date + "T10:15:30.000Z")).s()).isEqualTo(shifted + "T10:15:30.000Z");
        }
        long seconds = 1_700_000_000L;
        long moved = Long.parseLong(masker.mask(rule, AttributeValue.fromN(Long.toString(seconds))).n());
        assertThat((moved - seconds) % 86_400).isZero();
        assertThat(Math.abs(moved - seconds) / 86_400).isBetween(1L, 30L);
        long millis = 1_700_000_000_000L;
        assertThat((Long.parseLong(masker.mask(rule, AttributeValue.fromN(Long.toString(millis))).n()) - millis) % 86_400_000L).isZero();
        assertThatThrownBy(() -> masker.mask(rule, s("next Tuesday"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a date");
    }

    @Test
    void numbers_moveWithinTheirRange_keepTheirPlaces_andNeverStay() {
        MaskRule tenth = MaskRule.of("salary", MaskKind.NUMBER);
        for (int i = 1; i <= 500; i++) {
            BigDecimal value = BigDecimal.valueOf(1000L * i);
            BigDecimal masked = new BigDecimal(masker.mask(tenth, AttributeValue.fromN(value.toPlainString())).n());
            assertThat(masked.subtract(value).abs()).isLessThanOrEqualTo(value.multiply(new BigDecimal("0.1")));
            assertThat(masked).isNotEqualByComparingTo(value);
            assertThat(masked.stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
        }
        assertThat(masker.mask(tenth, AttributeValue.fromN("12.34")).n()).matches("-?\\d+(\\.\\d{1,2})?").isNotEqualTo("12.34");
        assertThat(masker.mask(tenth, AttributeValue.fromN("3")).n()).isIn("2", "4");
        assertThatThrownBy(() -> masker.mask(tenth, s("12"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a number (N) to mask as number, found a string");
    }

    @Test
    void constant_remove_andKeep() {
        assertThat(masker.mask(new MaskRule(dev.dmig.plan.ReferencePath.parse("note"), MaskKind.CONSTANT, s("redacted"),
                MaskRule.DEFAULT_RANGE, MaskRule.DEFAULT_DAYS), s("secret note"))).isEqualTo(s("redacted"));
        assertThat(masker.mask(MaskRule.of("note", MaskKind.REMOVE), s("secret note"))).isNull();
        assertThat(masker.mask(MaskRule.of("note", MaskKind.KEEP), s("kept"))).isEqualTo(s("kept"));
    }

    @Test
    void aNameMask_refusesANumber_withWhy() {
        assertThatThrownBy(() -> masker.mask(MaskRule.of("name", MaskKind.GIVEN_NAME), AttributeValue.fromN("7")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a string to mask as givenName, found a number (N)");
    }

    @Test
    void theKey_isNeverSaid_onlyItsFingerprint() {
        assertThat(KEY.toString()).doesNotContain("a-test-key").contains(KEY.fingerprint());
        assertThat(KEY.fingerprint()).hasSize(16).isNotEqualTo(OTHER.fingerprint());
    }
}
