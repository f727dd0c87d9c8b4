package dev.dmig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What says an attribute is personal: whole words of its name, in any case and style, email addresses (or, for a
 * proposal, phone numbers) as values, or its type in the app's schema.
 */
class PersonalAttributesTest {
    @Test
    void wholeWordsOfTheName_inCamelSnakeAndKebabCase_sayItIsPersonal() {
        assertThat(List.of("email", "Email", "contactEmail", "work_email", "EMAIL_ADDRESS", "phone", "mobilePhone", "firstName",
                "last_name", "surname", "name", "displayName", "dateOfBirth", "birthdate", "homeAddress", "street"))
                .allMatch(PersonalAttributes::personal);
        assertThat(List.of("id", "fileName", "projectName", "username", "emailVerified", "title", "status", "createdAt",
                "nameplate", "phonetic", "addressed"))
                .filteredOn(PersonalAttributes::personal).containsExactly("emailVerified");
        assertThat(PersonalAttributes.words("EMAIL_ADDRESS")).containsExactly("email", "address");
        assertThat(PersonalAttributes.words("contactPhoneNumber")).containsExactly("contact", "phone", "number");
    }

    @Test
    void theKindANameSuggests_isTheFixsFirstGuess() {
        assertThat(List.of("contactEmail", "mobile", "firstName", "lastName", "name", "dateOfBirth", "homeAddress", "ssn"))
                .map(PersonalAttributes::kind)
                .containsExactly("email", "phone", "givenName", "familyName", "fullName", "date", "address", "text");
    }

    @Test
    void emailAddressesAndPhoneNumbers_areToldByTheirShape() {
        assertThat(PersonalAttributes.email("ann.lee@corp.example.com")).isTrue();
        assertThat(PersonalAttributes.email("@handle")).isFalse();
        assertThat(PersonalAttributes.email("a@b")).isFalse();
        assertThat(PersonalAttributes.email("two words@corp.com")).isFalse();

        assertThat(List.of("+447946001234", "+1 555 010 0199", "(555) 010-0199", "555-010-0199", "+33 1.23.45.67.89"))
                .allMatch(PersonalAttributes::phone);
        assertThat(List.of("5550100199", "1990-04-17", "17.04.1990", "3.14159265", "+12", "ORDER#1234567", "12-34",
                "203.0.113.42"))
                .noneMatch(PersonalAttributes::phone);
    }

    @Test
    void theSchemasPersonalTypes_sayTheirKind_otherTypesSayNothing() {
        assertThat(PersonalAttributes.typeKind("AWSEmail")).isEqualTo("email");
        assertThat(PersonalAttributes.typeKind("AWSPhone")).isEqualTo("phone");
        assertThat(PersonalAttributes.typeKind("AWSIPAddress")).isEqualTo("constant");
        assertThat(List.of("String", "AWSURL", "AWSDate", "AWSDateTime", "ID")).allMatch(type -> PersonalAttributes.typeKind(type) == null);
        assertThat(PersonalAttributes.typeKind(null)).isNull();
    }
}
