package dev.dmig.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BucketNameTest {
    @Test
    void start_withUppercaseBucket_failsBeforeStartingAnything() {
        assertThatThrownBy(() -> EmbeddedStack.startInMemory("Dmig_Local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bucket Dmig_Local is not a valid S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens");
    }

    @Test
    void start_withTwoLetterBucket_failsBeforeStartingAnything() {
        assertThatThrownBy(() -> EmbeddedStack.startInMemory("ab"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bucket ab is not a valid S3 bucket name");
    }
}
