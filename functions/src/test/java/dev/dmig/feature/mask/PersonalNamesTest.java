package dev.dmig.feature.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What says an attribute is personal: whole words of its name, in any case and style, or email addresses as values. */
class PersonalNamesTest {
    @Test
    void wholeWordsOfTheName_inCamelSnakeAndKebabCase_sayItIsPersonal() {
        assertThat(List.of("email", "Email", "contactEmail", "work_email", "EMAIL_ADDRESS", "phone", "mobilePhone", "firstName",
                "last_name", "surname", "name", "displayName", "dateOfBirth", "birthdate", "homeAddress", "street"))
                .allMatch(PersonalNames::personal);
        assertThat(List.of("id", "fileName", "projectName", "username", "emailVerified", "title", "status", "createdAt",
                "nameplate", "phonetic", "addressed"))
                .filteredOn(PersonalNames::personal).containsExactly("emailVerified");
        assertThat(PersonalNames.words("EMAIL_ADDRESS")).containsExactly("email", "address");
        assertThat(PersonalNames.words("contactPhoneNumber")).containsExactly("contact", "phone", "number");
    }

    @Test
    void theKindANameSuggests_isTheFixsFirstGuess() {
        assertThat(List.of("contactEmail", "mobile", "firstName", "lastName", "name", "dateOfBirth", "homeAddress", "ssn"))
                .map(PersonalNames::kind)
                .containsExactly("email", "phone", "givenName", "familyName", "fullName", "date", "address", "text");
    }

    @Test
    void emailAddresses_areToldByTheirShape() {
        assertThat(PersonalNames.email("ann.lee@corp.example.com")).isTrue();
        assertThat(PersonalNames.email("@handle")).isFalse();
        assertThat(PersonalNames.email("a@b")).isFalse();
        assertThat(PersonalNames.email("two words@corp.com")).isFalse();
    }
}
