package dev.dmig.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmig.plan.Identities;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.PlanInvalidException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityCsvTest {
    /** Source user n's sub. */
    private static String s(int n) {
        return "5%07d-0000-4000-8000-000000000000".formatted(n);
    }

    /** Target user n's sub. */
    private static String t(int n) {
        return "7%07d-0000-4000-8000-000000000000".formatted(n);
    }

    /** Identity-pool ID n, in us-east-1. */
    private static String id(int n) {
        return "us-east-1:0%07d-0000-4000-8000-000000000000".formatted(n);
    }

    private static IdentityMap parse(String text) {
        return IdentityCsv.parse("identities.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(String text) {
        PlanInvalidException e = catchThrowableOfType(PlanInvalidException.class, () -> parse(text));
        assertThat(e).as("the map should be refused").isNotNull();
        return e.problemLines();
    }

    @Test
    @SuppressWarnings("StringConcatToTextBlock") // its lines end in CRLF, which a text block would make LF
    void fourColumns_withAHeader_mapOwnersSubsAndUsernames() {
        IdentityMap map = parse("source_sub,target_sub,source_username,target_username\r\n"
                + s(1) + "," + t(1) + ",alice,alice@example.com\r\n\r\n" + s(2) + "," + t(2) + ",bob,robert\r\n");
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.map(IdentityKind.OWNER, s(2) + "::bob")).isEqualTo(t(2) + "::robert");
        assertThat(map.map(IdentityKind.OWNER, s(1))).isEqualTo(t(1));
        assertThat(map.map(IdentityKind.OWNER, "bob")).as("an older app's owner: the username alone").isEqualTo("robert");
        assertThat(map.map(IdentityKind.OWNER, s(2) + "::alice")).as("two users' parts").isNull();
        assertThat(map.map(IdentityKind.OWNER, s(3) + "::carol")).isNull();
        assertThat(map.map(IdentityKind.SUB, s(1))).isEqualTo(t(1));
        assertThat(map.map(IdentityKind.SUB, "alice")).isNull();
        assertThat(map.map(IdentityKind.USERNAME, "alice")).isEqualTo("alice@example.com");
    }

    @Test
    void aSourceValueFoundInTheTargetColumns_isTold_asColumnsSwapped() {
        IdentityMap swapped = parse("source_sub,target_sub,source_username,target_username\n" + t(1) + "," + s(1) + ",alice,ann\n");
        Identities identities = new Identities("identities.csv");

        assertThat(swapped.map(IdentityKind.OWNER, s(1) + "::ann")).isNull();
        assertThat(swapped.namesTarget(IdentityKind.OWNER, s(1) + "::ann")).isTrue();
        assertThat(swapped.namesTarget(IdentityKind.USERNAME, "ann")).isTrue();
        assertThat(swapped.namesTarget(IdentityKind.SUB, s(2))).as("no user of the map").isFalse();
        assertThat(swapped.namesTarget(IdentityKind.SUB, t(1))).as("its source user, which it maps").isFalse();
        assertThat(swapped.advice(IdentityKind.SUB, s(1), identities)).isEqualTo(": it is there as a target user; each line gives the"
                + " development (source) user first, then the production (target) one (source_sub,target_sub,source_username,"
                + "target_username[,source_identity_id,target_identity_id]): swap its columns");
        assertThat(swapped.advice(IdentityKind.SUB, s(2), identities)).isEqualTo("; add the user there");
    }

    @Test
    void twoColumns_withoutAHeader_mapAUsernameThatIsTheSub_asEmailSignInPoolsHaveIt() {
        IdentityMap map = parse(s(1) + "," + t(1) + "\n" + s(2) + "," + t(2) + "\n");
        assertThat(map.map(IdentityKind.OWNER, s(1) + "::" + s(1))).isEqualTo(t(1) + "::" + t(1));
        assertThat(map.map(IdentityKind.USERNAME, s(2))).isEqualTo(t(2));
        assertThat(map.map(IdentityKind.OWNER, s(1) + "::ann")).isNull();
        assertThat(IdentityCsv.write(map)).isEqualTo("source_sub,target_sub\n" + s(1) + "," + t(1) + "\n" + s(2) + "," + t(2) + "\n");
    }

    @Test
    void quotedFields_areRead_andWrittenBackQuoted() {
        IdentityMap map = parse(s(1) + "," + t(1) + ",\"o'brien, pat\",\"pat \"\"p\"\"\"\n");
        assertThat(map.map(IdentityKind.USERNAME, "o'brien, pat")).isEqualTo("pat \"p\"");
        assertThat(IdentityCsv.write(map)).isEqualTo("source_sub,target_sub,source_username,target_username\n"
                + s(1) + "," + t(1) + ",\"o'brien, pat\",\"pat \"\"p\"\"\"\n");
    }

    @Test
    void aCellASpreadsheetWouldRunAsAFormula_isWrittenEscaped_andReadBackAsItWas() {
        IdentityMap map = parse(s(1) + "," + t(1) + ",=HYPERLINK(\"http://x\"),@sum\n" + s(2) + "," + t(2) + ",-ann,+ann\n");

        String csv = IdentityCsv.write(map);

        assertThat(csv).isEqualTo("source_sub,target_sub,source_username,target_username\n"
                + s(1) + "," + t(1) + ",\"'=HYPERLINK(\"\"http://x\"\")\",\"'@sum\"\n"
                + s(2) + "," + t(2) + ",\"'-ann\",\"'+ann\"\n");
        IdentityMap again = parse(csv);
        assertThat(again.map(IdentityKind.USERNAME, "=HYPERLINK(\"http://x\")")).isEqualTo("@sum");
        assertThat(again.map(IdentityKind.OWNER, s(2) + "::-ann")).isEqualTo(t(2) + "::+ann");
    }

    @Test
    void usernamesThatAreEmailsOrPhoneNumbers_arePrintedMasked_andAMaskedOneIsNeverTakenForAUsername() {
        IdentityMap map = parse(s(1) + "," + t(1) + ",jane.doe@example.com,Jane.Doe@Example.COM\n"
                + s(2) + "," + t(2) + ",+15550100123,ann\n");

        assertThat(map.map(IdentityKind.OWNER, s(1) + "::jane.doe@example.com")).isEqualTo(t(1) + "::Jane.Doe@Example.COM");
        assertThat(IdentityCsv.write(map)).isEqualTo("source_sub,target_sub,source_username,target_username\n"
                + s(1) + "," + t(1) + ",j***@e***.com,J***@E***.COM\n"
                + s(2) + "," + t(2) + ",\"'+1********23\",ann\n");
        assertThat(problems(IdentityCsv.write(map))).containsExactly(
                "identities.csv line 2: source_username 'j***@e***.com' is a masked username (dmig prints emails and phone "
                        + "numbers so): give the username itself, or leave the username columns out",
                "identities.csv line 2: target_username 'J***@E***.COM' is a masked username (dmig prints emails and phone "
                        + "numbers so): give the username itself, or leave the username columns out",
                "identities.csv line 3: source_username '+1********23' is a masked username (dmig prints emails and phone "
                        + "numbers so): give the username itself, or leave the username columns out");
    }

    @Test
    void everyBadLine_isNamed_withItsCauseAndTheFix() {
        assertThat(problems(s(1) + "," + t(1) + ",ann,ann2\n"
                + s(2) + "," + t(2) + ",bob\n"
                + s(1) + "," + t(3) + ",cy,cy2\n"
                + s(4) + "," + t(1) + ",di,di2\n"
                + s(5) + "," + t(5) + ",,ed2\n"
                + s(6) + ", " + t(6) + ",fi,fi2\n"
                + s(7) + "," + t(7) + ",g::h,g2\n"
                + s(8) + "," + t(8) + ",\"hy,hy2\n"
                + s(9) + "," + t(9) + ",dup@example.com,i2\n"
                + s(10) + "," + t(10) + ",dup@example.com,j2\n")).containsExactly(
                "identities.csv line 2: 3 fields, expected 4 (source_sub,target_sub,source_username,target_username)",
                "identities.csv line 3: source_sub " + s(1) + " is mapped on line 1 too; map each source user once",
                "identities.csv line 4: target_sub " + t(1) + " is also the target of line 1; two source users cannot become one target user",
                "identities.csv line 5: source_username is empty",
                "identities.csv line 6: target_sub ' " + t(6) + "' has blanks at its start or end",
                "identities.csv line 7: source_username 'g::h' contains ::, which separates sub and username in owner values",
                "identities.csv line 8: a quoted field is not closed",
                "identities.csv line 10: source_username d***@e***.com is mapped on line 9 too; map each source user once");
    }

    @Test
    void aValueThatIsNotASubOrAnIdentityId_orAUsernameTooLong_isRefused_inOneLineNamingFileLineAndColumn() {
        String tooLong = "u".repeat(129);
        assertThat(problems("source_sub,target_sub,source_username,target_username,source_identity_id,target_identity_id\n"
                + "s-1," + t(1) + ",ann,ann,,\n"
                + s(2) + ",=cmd|' /C calc'!A0,bob,bob,,\n"
                + s(3) + "," + t(3) + "," + tooLong + ",cy,,\n"
                + s(4) + "," + t(4) + ",di,di," + id(4) + ",us-east-1:x\n"
                + s(5) + "," + t(5) + ",ed,ed,eu-west-1_Pool:" + t(5) + "," + id(5) + "\n")).containsExactly(
                "identities.csv line 2: source_sub 's-1' is not a sub (a user's UUID in the pool, as "
                        + "1324b110-34cc-408c-add8-36292f6a20b3)",
                "identities.csv line 3: target_sub '=cmd|' /C calc'!A0' is not a sub (a user's UUID in the pool, as "
                        + "1324b110-34cc-408c-add8-36292f6a20b3)",
                "identities.csv line 4: source_username '" + "u".repeat(77) + "...' has 129 characters, over the 128 of a "
                        + "Cognito username",
                "identities.csv line 5: target_identity_id 'us-east-1:x' is not an identity ID (<region>:<uuid>, as "
                        + "us-east-1:7d2bdf52-4b1c-4d6e-9f3a-a7b5a7fb8dad)",
                "identities.csv line 6: source_identity_id 'eu-west-1_Pool:" + t(5) + "' is not an identity ID "
                        + "(<region>:<uuid>, as us-east-1:7d2bdf52-4b1c-4d6e-9f3a-a7b5a7fb8dad)");
    }

    @Test
    void anEmailOrPhoneNumber_inAColumnOfSubsOrIds_orInTheHeader_isNamedMasked() {
        assertThat(problems("source_sub,target_sub,source_identity_id,target_identity_id\n"
                + "carol@example.com," + t(1) + ",,\n"
                + s(2) + ",+15550100123,,\n"
                + s(3) + "," + t(3) + ",dave@example.com," + id(3) + "\n")).containsExactly(
                "identities.csv line 2: source_sub 'c***@e***.com' is not a sub (a user's UUID in the pool, as "
                        + "1324b110-34cc-408c-add8-36292f6a20b3)",
                "identities.csv line 3: target_sub '+1********23' is not a sub (a user's UUID in the pool, as "
                        + "1324b110-34cc-408c-add8-36292f6a20b3)",
                "identities.csv line 4: source_identity_id 'd***@e***.com' is not an identity ID (<region>:<uuid>, as "
                        + "us-east-1:7d2bdf52-4b1c-4d6e-9f3a-a7b5a7fb8dad)");
        assertThat(problems("source_sub,carol@example.com\n" + s(1) + "," + t(1) + "\n")).containsExactly("identities.csv line 1: "
                + "the header must be source_sub,target_sub or source_sub,target_sub,source_username,target_username (either "
                + "followed by source_identity_id,target_identity_id), not source_sub,c***@e***.com");
    }

    @Test
    void aFileOverTheCap_isRefusedWithoutReadingIt() {
        assertThat(IdentityCsv.tooLarge("identities.csv", IdentityCsv.MAX_BYTES)).isNull();
        assertThat(IdentityCsv.tooLarge("identities.csv", IdentityCsv.MAX_BYTES + 1)).isEqualTo("identities.csv is "
                + "268,435,457 bytes, over the 268,435,456 an identity map may have (about a million users); give the users the "
                + "run's items name, or map them from the user pools");
    }

    @Test
    void aBadHeader_aBadFirstLine_andAnEmptyFile_areRefused() {
        assertThat(problems("source_sub,target_sub,email\n" + s(1) + "," + t(1) + ",a\n"))
                .containsExactly("identities.csv line 1: the header must be source_sub,target_sub or "
                        + "source_sub,target_sub,source_username,target_username (either followed by "
                        + "source_identity_id,target_identity_id), not source_sub,target_sub,email");
        assertThat(problems(s(1) + "," + t(1) + ",a\n")).containsExactly("identities.csv line 1: 3 fields, expected 2 "
                + "(source_sub,target_sub) or 4 (source_sub,target_sub,source_username,target_username)");
        assertThat(problems("source_sub,target_sub\n\n")).containsExactly("identities.csv holds no user: give one line per user, "
                + "source_sub,target_sub[,source_username,target_username]");
    }

    @Test
    void identityIds_mapAnAmplifyStorageIdentity_andAUserWithoutOne_hasNone() {
        IdentityMap map = parse("source_sub,target_sub,source_identity_id,target_identity_id\n"
                + s(1) + "," + t(1) + "," + id(1) + ",eu-west-1:" + t(1) + "\n" + s(2) + "," + t(2) + ",,\n");
        assertThat(map.map(IdentityKind.IDENTITY_ID, id(1))).isEqualTo("eu-west-1:" + t(1));
        assertThat(map.map(IdentityKind.IDENTITY_ID, s(1))).as("a sub is no identity ID").isNull();
        assertThat(map.map(IdentityKind.SUB, s(2))).isEqualTo(t(2));
        assertThat(IdentityCsv.write(map)).isEqualTo("source_sub,target_sub,source_identity_id,target_identity_id\n"
                + s(1) + "," + t(1) + "," + id(1) + ",eu-west-1:" + t(1) + "\n" + s(2) + "," + t(2) + ",,\n");
        IdentityMap six = parse(s(1) + "," + t(1) + ",ann,ann2," + id(1) + "," + id(3) + "\n");
        assertThat(six.map(IdentityKind.IDENTITY_ID, id(1))).isEqualTo(id(3));
        assertThat(six.map(IdentityKind.USERNAME, "ann")).isEqualTo("ann2");
    }

    @Test
    void anIdentityIdOnOneSideOnly_orTwice_isNamed() {
        assertThat(problems("source_sub,target_sub,source_identity_id,target_identity_id\n"
                + s(1) + "," + t(1) + "," + id(1) + ",\n"
                + s(2) + "," + t(2) + "," + id(2) + "," + id(7) + "\n"
                + s(3) + "," + t(3) + "," + id(2) + "," + id(8) + "\n")).containsExactly(
                "identities.csv line 2: target_identity_id is empty",
                "identities.csv line 4: source_identity_id " + id(2) + " is mapped on line 3 too; map each source user once");
    }
}
