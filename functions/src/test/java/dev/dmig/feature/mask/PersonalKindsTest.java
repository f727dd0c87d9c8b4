package dev.dmig.feature.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.PersonalAttributes;
import org.junit.jupiter.api.Test;

/** The kinds the shared classification names (strict mode's fix, infer's proposals) are masking's kinds, as the plan spells them. */
class PersonalKindsTest {
    @Test
    void everyKindTheClassificationNames_isAMaskKind() {
        assertThat(PersonalAttributes.KINDS).allSatisfy(name -> assertThat(MaskKind.fromPlan(name)).as(name).isNotNull());
    }
}
