package dev.dmig.feature.mask;

import static dev.dmig.feature.mask.MaskRewriteTest.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.identity.PoolUser;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.PlanParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A source pool's user as a masked run puts them in the target's pool: masked by the same key and kinds as records'
 * values, so that one email is one fake in a record and in the pool; nothing of the source's attributes but what is
 * masked and whether it was verified.
 */
class MaskedUserTest {
    private static final String SUB = "1324b110-34cc-408c-add8-36292f6a20b3";

    private static Masker masker() {
        return new Masker(new MaskSettings("DMIG_TEST_MASK_KEY").key());
    }

    @Test
    void aUsersEmail_masksAsTheSameEmailInARecord_andEveryPersonalAttributeIsMasked_theRestLeftOut() {
        PoolUser ann = new PoolUser("ann", SUB, Map.of("sub", SUB, "email", "ann@corp.com", "email_verified", "true",
                "phone_number", "+15551234567", "name", "Ann Smith", "given_name", "Ann", "family_name", "Smith",
                "address", "1 High Street", "custom:employeeId", "E-1"));

        MaskedUser masked = MaskedUser.of(masker(), ann);

        Map<String, AttributeValue> record = new ItemTransformer(PlanParser.parse(MaskRewriteTest.PLAN))
                .transform("User", Map.of("id", s("u1"), "orgId", s("o1"), "email", s("ann@corp.com")));
        assertThat(masked.email()).as("one email, one fake: in the record and in the pool").isEqualTo(record.get("email").s());
        assertThat(masked.attributes()).containsOnlyKeys("email", "email_verified", "phone_number", "name", "given_name",
                "family_name").containsEntry("email_verified", "true");
        assertThat(masked.attributes().get("phone_number")).matches("\\+1[2-9][0-9]{2}55501[0-9]{2}");
        assertThat(masked.attributes().get("given_name")).isEqualTo(masker().text(MaskKind.GIVEN_NAME, "Ann")).isNotEqualTo("Ann");
        assertThat(masked.attributes().get("family_name")).isEqualTo(masker().text(MaskKind.FAMILY_NAME, "Smith"));
        assertThat(masked.attributes().get("name")).isEqualTo(masker().text(MaskKind.FULL_NAME, "Ann Smith"));
        assertThat(masked.attributes().values()).noneMatch(List.of("ann@corp.com", "+15551234567", "Ann Smith", "Ann", "Smith")::contains);
        assertThat(masked.username()).as("a username of one's own choosing").matches("[a-z]+\\.[a-z]+\\.[0-9a-f]{12}")
                .isEqualTo(masker().text(MaskKind.USERNAME, "ann"));
        assertThat(MaskedUser.of(masker(), ann)).as("the same key, the same user").isEqualTo(masked);
    }

    @Test
    void aUsernameThatIsAnEmail_orTheUsersSub_orInAPoolThatSignsInByEmail_becomesTheMaskedEmail() {
        MaskedUser byEmail = MaskedUser.of(masker(), new PoolUser("ann@corp.com", SUB, Map.of("email", "ann@corp.com")));
        MaskedUser bySub = MaskedUser.of(masker(), new PoolUser(SUB, SUB, Map.of("email", "ann@corp.com")));
        MaskedUser byPhone = MaskedUser.of(masker(), new PoolUser(SUB, SUB, Map.of("phone_number", "+15551234567")));

        assertThat(byEmail.username()).isEqualTo(byEmail.email()).endsWith("@" + Masker.EMAIL_DOMAIN);
        assertThat(bySub.username()).isEqualTo(byEmail.email());
        assertThat(byPhone.username()).isEqualTo(byPhone.attributes().get("phone_number"));
        MaskedUser named = MaskedUser.of(masker(), new PoolUser("ann", SUB, Map.of("email", "ann@corp.com")));
        assertThat(MaskedUser.of(masker(), new PoolUser("ann", SUB, Map.of("email", "ann@corp.com")), List.of("email")).username())
                .as("a pool that signs users in by email takes the masked email as the username").isEqualTo(byEmail.email())
                .isNotEqualTo(named.username());
        assertThat(MaskedUser.of(masker(), new PoolUser("bob", SUB, Map.of())).username())
                .isNotEqualTo(MaskedUser.of(masker(), new PoolUser("bobby", SUB, Map.of())).username());
    }

    @Test
    void anIdentityValue_namesTheSourceUserOfItsSub_username_orOwner_andNoOneElse() {
        Set<String> subs = Set.of(SUB);
        Map<String, String> byUsername = Map.of("ann", SUB);
        assertThat(NamedUsers.sub(IdentityKind.OWNER, SUB + "::ann", subs, byUsername)).isEqualTo(SUB);
        assertThat(NamedUsers.sub(IdentityKind.OWNER, "ann", subs, byUsername)).as("an owner before CLI 8.1").isEqualTo(SUB);
        assertThat(NamedUsers.sub(IdentityKind.USERNAME, "ann", subs, byUsername)).isEqualTo(SUB);
        assertThat(NamedUsers.sub(IdentityKind.SUB, SUB, subs, byUsername)).isEqualTo(SUB);
        assertThat(NamedUsers.sub(IdentityKind.OWNER, "0000::ann", subs, byUsername)).as("another pool's sub").isNull();
        assertThat(NamedUsers.sub(IdentityKind.SUB, "bob", subs, byUsername)).isNull();
        assertThat(NamedUsers.sub(IdentityKind.IDENTITY_ID, "eu-west-1:" + SUB, subs, byUsername)).isNull();
    }

    @Test
    void aUserThere_isFoundByTheMaskedUsername_orInAPoolThatSignsInByEmail_byTheMaskedEmail() {
        MaskedUser ann = MaskedUser.of(masker(), new PoolUser("ann@corp.com", SUB, Map.of("email", "ann@corp.com")));
        PoolUser byUsername = new PoolUser(ann.username(), "t-1", Map.of());
        PoolUser bySub = new PoolUser("t-2", "t-2", Map.of("email", ann.email()));

        assertThat(new MaskedUsers.TargetUsers(List.of(byUsername)).find(ann)).isEqualTo(byUsername);
        assertThat(new MaskedUsers.TargetUsers(List.of(bySub)).find(ann)).isEqualTo(bySub);
        MaskedUser named = MaskedUser.of(masker(), new PoolUser("ann", SUB, Map.of("email", "ann@corp.com")));
        assertThat(new MaskedUsers.TargetUsers(List.of(bySub)).find(named)).as("a chosen username is looked for as it is").isNull();
    }
}
