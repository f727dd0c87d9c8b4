package dev.dmig;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Personal values as messages may show them. */
class PersonalValuesTest {
    @Test
    void shown_masksEmailsAndPhoneNumbersOnly_masked_masksEverything() {
        assertThat(PersonalValues.shown("jane.doe@example.com")).isEqualTo("j***@e***.com");
        assertThat(PersonalValues.shown("+1 555 010 0199")).isEqualTo("+1********99");
        assertThat(PersonalValues.shown("alice")).isEqualTo("alice");

        assertThat(PersonalValues.masked("jane.doe@example.com")).isEqualTo("j***@e***.com");
        assertThat(PersonalValues.masked("alice")).isEqualTo("a***");
        assertThat(PersonalValues.masked("\uD83D\uDE00smile")).as("a first character outside the BMP is kept whole")
                .isEqualTo("\uD83D\uDE00***");
        assertThat(PersonalValues.masked("a")).isEqualTo("***");
        assertThat(PersonalValues.masked("")).isEqualTo("***");
    }
}
