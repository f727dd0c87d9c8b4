package dev.dmig.idmapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdMapperTest {
    private static final String NAMESPACE = "aqnqdrctpzfwfjwyxxsmu6peoq-NONE";

    @Test
    void specVector_contacts() {
        assertThat(new IdMapper(NAMESPACE).newId("Contacts", "a1b2c3d4-0000-4000-8000-000000000001"))
                .isEqualTo("a1c85c6d-537d-83ea-82b9-165de9712a03");
    }

    @Test
    void specVector_properties_sameOldIdOtherModel_givesOtherId() {
        assertThat(new IdMapper(NAMESPACE).newId("Properties", "a1b2c3d4-0000-4000-8000-000000000001"))
                .isEqualTo("c01c47f0-37cf-8afd-abc5-0ef3afc73bc5");
    }

    @Test
    void specVector_shortNumericLookingId() {
        assertThat(new IdMapper("prod").newId("Projects", "42")).isEqualTo("3f63af3e-9a55-8ff0-a423-376d819fa554");
    }

    @Test
    void specVector_nonAsciiId_isHashedAsUtf8() {
        assertThat(new IdMapper("prod").newId("Quotes", "élan-✓")).isEqualTo("3b9760de-b863-83d2-9750-956d8b8c32c4");
    }

    @Test
    void newId_isAVersion8Variant10Uuid_andRepeatable() {
        IdMapper ids = new IdMapper("prod");
        String id = ids.newId("Contacts", "x");
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(ids.newId("Contacts", "x")).isEqualTo(id);
        assertThat(new IdMapper("prod").newId("Contacts", "x")).isEqualTo(id);
        assertThat(new IdMapper("prod2").newId("Contacts", "x")).isNotEqualTo(id);
    }

    @Test
    void separator_keepsModelAndIdApart() {
        IdMapper ids = new IdMapper("prod");
        assertThat(ids.newId("Ab", "c")).isNotEqualTo(ids.newId("A", "bc"));
    }

    @Test
    void emptyNamespace_isRejected() {
        assertThatThrownBy(() -> new IdMapper("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ID namespace must not be empty");
        assertThatThrownBy(() -> new IdMapper(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ID namespace must not be empty");
    }

    @Test
    void emptyId_isRejected() {
        IdMapper ids = new IdMapper("prod");
        assertThatThrownBy(() -> ids.newId("Contacts", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model Contacts: an empty ID cannot be mapped");
        assertThatThrownBy(() -> ids.newId("Contacts", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model Contacts: an empty ID cannot be mapped");
    }

    @Test
    void rejectedEmptyId_doesNotDisturbTheNextId() {
        IdMapper ids = new IdMapper("prod");
        assertThatThrownBy(() -> ids.newId("Projects", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ids.newId("Projects", "42")).isEqualTo("3f63af3e-9a55-8ff0-a423-376d819fa554");
    }

    @Test
    void failedCall_doesNotPoisonLaterIdsOnTheSameThread() {
        IdMapper ids = new IdMapper("prod");
        assertThatThrownBy(() -> ids.newId(null, "42")).isInstanceOf(RuntimeException.class);
        assertThat(ids.newId("Projects", "42")).isEqualTo("3f63af3e-9a55-8ff0-a423-376d819fa554");
    }
}
