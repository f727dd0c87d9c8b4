package dev.dmig.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What each policy answers the steps that ask it, and the names a plan or a stored analysis gives it. */
class ConflictPolicyTest {

    @Test
    void eachPolicy_answersWhatItDoesAtAKeyTheTargetHolds() {
        assertThat(ConflictPolicy.ABORT.atTaken()).isEqualTo(ConflictPolicy.Taken.STOP);
        assertThat(ConflictPolicy.SKIP.atTaken()).isEqualTo(ConflictPolicy.Taken.LEAVE);
        assertThat(ConflictPolicy.OVERWRITE.atTaken()).isEqualTo(ConflictPolicy.Taken.WRITE_OVER);
    }

    @Test
    void onlyAbort_writesWithoutReadingFirst_andAdoptsATestRunsRecords() {
        assertThat(ConflictPolicy.ABORT.readsBeforeWriting()).isFalse();
        assertThat(ConflictPolicy.SKIP.readsBeforeWriting()).isTrue();
        assertThat(ConflictPolicy.OVERWRITE.readsBeforeWriting()).isTrue();
        assertThat(ConflictPolicy.ABORT.adoptsTestRecords()).isTrue();
        assertThat(ConflictPolicy.SKIP.adoptsTestRecords()).isFalse();
        assertThat(ConflictPolicy.OVERWRITE.adoptsTestRecords()).isFalse();
    }

    @Test
    void named_readsThePlansWords_andNothingElse() {
        for (ConflictPolicy policy : ConflictPolicy.values()) {
            assertThat(ConflictPolicy.named(policy.planName())).isEqualTo(policy);
        }
        assertThat(ConflictPolicy.named("Skip")).isNull();
        assertThat(ConflictPolicy.named(null)).isNull();
        assertThat(ConflictPolicy.BY_DEFAULT).isEqualTo(ConflictPolicy.ABORT);
    }
}
