package dev.dmig.feature.mask;

import static dev.dmig.plan.PlanProblems.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.PageFindings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.TableInfo;
import dev.dmig.validate.CopyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The search for a masked run's source values in what it wrote: an email or a phone number whole or inside a string, a
 * full name in a sentence, a given name only as a whole value, short texts, dates and numbers not looked for, and the
 * fakes at a masked path left to {@link Unmasked}; found by the key's prints alone.
 */
class PrintSetTest {
    private static final SourcePrints PRINTER = new SourcePrints(MaskerTest.KEY);

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static PrintSet printed(MaskKind kind, String... values) {
        List<Long> prints = new ArrayList<>();
        MaskRule rule = MaskRule.of("a", kind);
        for (String value : values) {
            PRINTER.ofSource(rule, s(value), prints::add);
        }
        return PrintSet.of(prints.stream().mapToLong(Long::longValue).toArray());
    }

    @Test
    void anEmail_isFoundWholeAndInsideAString_inAnyCase_andNoOtherIs() {
        PrintSet prints = printed(MaskKind.EMAIL, "Alice.Smith@corp.example");
        for (String text : List.of("alice.smith@corp.example", " ALICE.SMITH@corp.example ", "USER#alice.smith@corp.example",
                "Write to alice.smith@corp.example.", "mailto:alice.smith@corp.example", "{\"to\": \"alice.smith@corp.example\"}",
                "owner::alice.smith@corp.example")) {
            assertThat(prints.find(text, PRINTER)).as(text).isEqualTo(SourcePrints.Sort.EMAIL);
        }
        for (String text : List.of("alice.smith", "bob@corp.example", "malice.smith@corp.example", "alice.smith@corp.example.co.uk", "")) {
            assertThat(prints.find(text, PRINTER)).as(text).isNull();
        }
    }

    @Test
    void aPhoneNumber_isFoundByItsDigits_writtenAsOnePiece() {
        PrintSet prints = printed(MaskKind.PHONE, "+44 7946 012345");
        for (String text : List.of("+447946012345", "+44 (7946) 012-345", "call +447946012345 today", "PHONE#447946012345")) {
            assertThat(prints.find(text, PRINTER)).as(text).isEqualTo(SourcePrints.Sort.PHONE);
        }
        for (String text : List.of("7946012345", "call +44 7946 012345 today", "order 447946012346")) {
            assertThat(prints.find(text, PRINTER)).as(text).isNull();
        }
    }

    @Test
    void aFullName_isFoundInASentence_aGivenNameOnlyAsAWholeValue() {
        PrintSet prints = PrintSet.of(concat(printed(MaskKind.FULL_NAME, "Alice  Smith"), printed(MaskKind.GIVEN_NAME, "Will")));
        for (String text : List.of("Alice Smith", "Met alice smith, today", "(Dr. Alice Smith)", "ceo: Alice Smith.")) {
            assertThat(prints.find(text, PRINTER)).as(text).isEqualTo(SourcePrints.Sort.NAME);
        }
        assertThat(prints.find("will", PRINTER)).isEqualTo(SourcePrints.Sort.NAME);
        for (String text : List.of("Alice", "Smith Alice", "Alice Smithson", "I will come", "Will Smith")) {
            assertThat(prints.find(text, PRINTER)).as(text).isNull();
        }
    }

    @Test
    void shortTexts_sentences_datesNumbersAndAConstantsOwnValue_areNotLookedFor_aCodeOnlyWhole() {
        assertThat(printed(MaskKind.TEXT, "n/a", "none").isEmpty()).isTrue();
        assertThat(printed(MaskKind.DATE, "1980-03-10").isEmpty()).isTrue();
        assertThat(printed(MaskKind.GIVEN_NAME, "Al").isEmpty()).isTrue();
        MaskRule constant = new MaskRule(dev.dmig.plan.ReferencePath.parse("a"), MaskKind.CONSTANT, s("hidden-value"), null, 0);
        List<Long> prints = new ArrayList<>();
        PRINTER.ofSource(constant, s("hidden-value"), prints::add);
        PRINTER.ofSource(constant, AttributeValue.fromN("12"), prints::add);
        assertThat(prints).isEmpty();
        assertThat(printed(MaskKind.TEXT, "Allergic to peanuts").isEmpty()).as("a sentence").isTrue();
        PrintSet code = printed(MaskKind.REMOVE, "123-45-6789");
        assertThat(code.find("123-45-6789", PRINTER)).isEqualTo(SourcePrints.Sort.OTHER);
        assertThat(code.find("SSN 123-45-6789", PRINTER)).isNull();
    }

    @Test
    void printsMadeUnderAnotherKey_findNothing() {
        PrintSet prints = printed(MaskKind.EMAIL, "alice@corp.example");
        assertThat(prints.find("alice@corp.example", new SourcePrints(MaskerTest.OTHER))).isNull();
        assertThat(prints.size()).isEqualTo(1);
    }

    @Test
    void everyStringOfAWrittenItem_isLookedAt_butItsMaskedPaths() {
        MigrationPlan plan = PlanParser.parse(minimal("{\"User\": {\"mask\": {\"email\": \"email\", \"aliases[]\": \"email\", \"notes\": \"keep\"}}}")
                .replace("\"tables\"", "\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"}, \"tables\""));
        PrintSet prints = printed(MaskKind.EMAIL, "ann@corp.example");
        TableInfo target = new TableInfo("User-prod", new TableInfo.KeyAttribute("pk", ScalarAttributeType.S), null, List.of(), 0, 0);
        Findings findings = new Findings();
        new WrittenValues(prints, PRINTER).check(plan.table("User"), target, List.of(
                Map.of("pk", s("USER#ann@corp.example"), "email", s("ann@corp.example"), "notes", s("ask ann@corp.example"),
                        "profile", AttributeValue.fromM(Map.of("contacts", AttributeValue.fromL(List.of(s("x"), s("ann@corp.example"))))),
                        "cc", AttributeValue.fromSs(List.of("ann@corp.example", "bob@corp.example"))),
                Map.of("pk", s("USER#2"), "email", s("ann@corp.example"), "notes", s("nothing"),
                        "aliases", AttributeValue.fromSs(List.of("ann@corp.example")))), findings);

        assertThat(findings.failed).containsExactlyInAnyOrder(
                "pk: holding a source email that the run masks; mask or remove this attribute too @ pk=(a source email)",
                "notes: holding a source email that the run masks; mask or remove this attribute too @ pk=(a source email)",
                "profile.contacts[]: holding a source email that the run masks; mask or remove this attribute too @ pk=(a source email)",
                "cc[]: holding a source email that the run masks; mask or remove this attribute too @ pk=(a source email)");
    }

    private static long[] concat(PrintSet one, PrintSet other) {
        long[] a = one.prints();
        long[] b = other.prints();
        long[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** What a validation segment is told, as lines: each failed value with its item. */
    private static final class Findings implements CopyCheck.Findings {
        final List<String> failed = new ArrayList<>();

        @Override
        public void compared(PageCargo.Compared compared) {}

        @Override
        public void sourceValue(String path, boolean objectKeys, String kind, boolean whole, String where) {}

        @Override
        public void resolutions(List<PageFindings.Found> found) {}

        @Override
        public void example(String line) {}

        @Override
        public void failed(String path, String what, String where) {
            failed.add(path + ": " + what + " @ " + where);
        }
    }
}
