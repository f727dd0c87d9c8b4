package dev.dmig.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.PlanInvalidException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityCsvTest {
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
                + "s-alice,t-alice,alice,alice@example.com\r\n\r\ns-bob,t-bob,bob,robert\r\n");
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.map(IdentityKind.OWNER, "s-bob::bob")).isEqualTo("t-bob::robert");
        assertThat(map.map(IdentityKind.OWNER, "s-alice")).isEqualTo("t-alice");
        assertThat(map.map(IdentityKind.OWNER, "bob")).as("an older app's owner: the username alone").isEqualTo("robert");
        assertThat(map.map(IdentityKind.OWNER, "s-bob::alice")).as("two users' parts").isNull();
        assertThat(map.map(IdentityKind.OWNER, "s-carol::carol")).isNull();
        assertThat(map.map(IdentityKind.SUB, "s-alice")).isEqualTo("t-alice");
        assertThat(map.map(IdentityKind.SUB, "alice")).isNull();
        assertThat(map.map(IdentityKind.USERNAME, "alice")).isEqualTo("alice@example.com");
    }

    @Test
    void twoColumns_withoutAHeader_mapAUsernameThatIsTheSub_asEmailSignInPoolsHaveIt() {
        IdentityMap map = parse("s-1,t-1\ns-2,t-2\n");
        assertThat(map.map(IdentityKind.OWNER, "s-1::s-1")).isEqualTo("t-1::t-1");
        assertThat(map.map(IdentityKind.USERNAME, "s-2")).isEqualTo("t-2");
        assertThat(map.map(IdentityKind.OWNER, "s-1::ann")).isNull();
        assertThat(IdentityCsv.write(map)).isEqualTo("source_sub,target_sub\ns-1,t-1\ns-2,t-2\n");
    }

    @Test
    void quotedFields_areRead_andWrittenBackQuoted() {
        IdentityMap map = parse("s-1,t-1,\"o'brien, pat\",\"pat \"\"p\"\"\"\n");
        assertThat(map.map(IdentityKind.USERNAME, "o'brien, pat")).isEqualTo("pat \"p\"");
        assertThat(IdentityCsv.write(map)).isEqualTo("source_sub,target_sub,source_username,target_username\n"
                + "s-1,t-1,\"o'brien, pat\",\"pat \"\"p\"\"\"\n");
    }

    @Test
    void everyBadLine_isNamed_withItsCauseAndTheFix() {
        assertThat(problems("""
                s-1,t-1,ann,ann2
                s-2,t-2,bob
                s-1,t-3,cy,cy2
                s-4,t-1,di,di2
                s-5,t-5,,ed2
                s-6, t-6,fi,fi2
                s-7,t-7,g::h,g2
                s-8,t-8,"hy,hy2
                """)).containsExactly(
                "identities.csv line 2: 3 fields, expected 4 (source_sub,target_sub,source_username,target_username)",
                "identities.csv line 3: source_sub s-1 is mapped on line 1 too; map each source user once",
                "identities.csv line 4: target_sub t-1 is also the target of line 1; two source users cannot become one target user",
                "identities.csv line 5: source_username is empty",
                "identities.csv line 6: target_sub ' t-6' has blanks at its start or end",
                "identities.csv line 7: source_username 'g::h' contains ::, which separates sub and username in owner values",
                "identities.csv line 8: a quoted field is not closed");
    }

    @Test
    void aBadHeader_aBadFirstLine_andAnEmptyFile_areRefused() {
        assertThat(problems("source_sub,target_sub,email\ns-1,t-1,a\n"))
                .containsExactly("identities.csv line 1: the header must be source_sub,target_sub or "
                        + "source_sub,target_sub,source_username,target_username (either followed by "
                        + "source_identity_id,target_identity_id), not source_sub,target_sub,email");
        assertThat(problems("s-1,t-1,a\n")).containsExactly("identities.csv line 1: 3 fields, expected 2 (source_sub,target_sub) "
                + "or 4 (source_sub,target_sub,source_username,target_username)");
        assertThat(problems("source_sub,target_sub\n\n")).containsExactly("identities.csv holds no user: give one line per user, "
                + "source_sub,target_sub[,source_username,target_username]");
    }

    @Test
    void identityIds_mapAnAmplifyStorageIdentity_andAUserWithoutOne_hasNone() {
        IdentityMap map = parse("source_sub,target_sub,source_identity_id,target_identity_id\n"
                + "s-1,t-1,us-east-1:aaaa,eu-west-1:bbbb\ns-2,t-2,,\n");
        assertThat(map.map(IdentityKind.IDENTITY_ID, "us-east-1:aaaa")).isEqualTo("eu-west-1:bbbb");
        assertThat(map.map(IdentityKind.IDENTITY_ID, "s-1")).as("a sub is no identity ID").isNull();
        assertThat(map.map(IdentityKind.SUB, "s-2")).isEqualTo("t-2");
        assertThat(IdentityCsv.write(map)).isEqualTo("source_sub,target_sub,source_identity_id,target_identity_id\n"
                + "s-1,t-1,us-east-1:aaaa,eu-west-1:bbbb\ns-2,t-2,,\n");
        IdentityMap six = parse("s-1,t-1,ann,ann2,us-east-1:aaaa,us-east-1:cccc\n");
        assertThat(six.map(IdentityKind.IDENTITY_ID, "us-east-1:aaaa")).isEqualTo("us-east-1:cccc");
        assertThat(six.map(IdentityKind.USERNAME, "ann")).isEqualTo("ann2");
    }

    @Test
    void anIdentityIdOnOneSideOnly_orTwice_isNamed() {
        assertThat(problems("""
                source_sub,target_sub,source_identity_id,target_identity_id
                s-1,t-1,us-east-1:a,
                s-2,t-2,us-east-1:b,us-east-1:x
                s-3,t-3,us-east-1:b,us-east-1:y
                """)).containsExactly(
                "identities.csv line 2: target_identity_id is empty",
                "identities.csv line 4: source_identity_id us-east-1:b is mapped on line 3 too; map each source user once");
    }
}
