package dev.dmig.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SampleReferencesTest {

    private static final PlanFile PLAN = PlanFile.shipped();
    private static final ReferenceCheck STANDARD = ReferenceCheck.of(SampleData.standard(), PLAN);

    @Test
    void everyReference_resolvesExceptTheDocumentedOrphans() {
        assertThat(STANDARD.orphans()).isEqualTo(Map.of(
                "Requests.agentContactId", SampleData.ORPHAN_REQUEST_AGENT_CONTACTS,
                "QuoteItems.quoteId", SampleData.ORPHAN_QUOTE_ITEM_QUOTES,
                "Projects.addressId", SampleData.ORPHAN_PROJECT_ADDRESSES));
        assertThat(STANDARD.orphans()).isEqualTo(ReferenceCheck.documentedOrphans());
    }

    @Test
    void orphanConstants_haveTheDocumentedValues() {
        assertThat(SampleData.ORPHAN_REQUEST_AGENT_CONTACTS).isEqualTo(3);
        assertThat(SampleData.ORPHAN_QUOTE_ITEM_QUOTES).isEqualTo(2);
        assertThat(SampleData.ORPHAN_PROJECT_ADDRESSES).isEqualTo(1);
    }

    @Test
    void tripledData_keepsReferencesValidAndTheSameOrphans() {
        ReferenceCheck tripled = ReferenceCheck.of(SampleData.scaled(3), PLAN);
        assertThat(tripled.orphans()).isEqualTo(ReferenceCheck.documentedOrphans());
        assertThat(tripled.notStrings()).isEmpty();
        assertThat(tripled.resolved().get("QuoteItems.quoteId")).isEqualTo(3 * 900 - SampleData.ORPHAN_QUOTE_ITEM_QUOTES);
    }

    @Test
    void tinyData_keepsReferencesValidAndTheSameOrphans() {
        ReferenceCheck tiny = ReferenceCheck.of(SampleData.scaled(0.01), PLAN);
        assertThat(tiny.orphans()).isEqualTo(ReferenceCheck.documentedOrphans());
        assertThat(tiny.notStrings()).isEmpty();
    }

    @Test
    void everyReferencePath_resolvesSomeValues() {
        Set<String> paths = PLAN.tables().values().stream()
                .flatMap(t -> t.references().keySet().stream().map(p -> t.model() + "." + p))
                .collect(Collectors.toSet());
        assertThat(STANDARD.resolved().keySet()).isEqualTo(paths);
    }

    @Test
    void referenceValues_areAlwaysStringsOrNull() {
        // Anything else is a plan error in dmig, so the sample must not contain one.
        assertThat(STANDARD.notStrings()).isEmpty();
    }

    @Test
    void optionalReferences_areSometimesNullAndSometimesEmpty() {
        assertThat(STANDARD.nulls()).containsKeys("Projects.homeowner2ContactId", "Projects.homeowner3ContactId",
                "Requests.homeownerContactId", "Requests.addressId", "ContactUs.contactId", "Contacts.referredByContactId",
                "Memberships.billing.addressId", "PendingAppointments.attendees[].contactId");
        assertThat(STANDARD.empties()).containsKeys("Projects.homeowner2ContactId", "Projects.homeowner3ContactId",
                "Requests.homeownerContactId", "Affiliates.addressId", "Contacts.referredByContactId");
    }

    @Test
    void secondAndThirdHomeowners_areMostlyAbsent() {
        List<Map<String, AttributeValue>> projects = SampleData.standard().items("Projects").toList();
        long withSecond = projects.stream().filter(p -> p.containsKey("homeowner2ContactId")).count();
        long withThird = projects.stream().filter(p -> p.containsKey("homeowner3ContactId")).count();
        assertThat(withSecond).isPositive().isLessThan(projects.size() / 2);
        assertThat(withThird).isPositive().isLessThan(projects.size() / 4);
    }

    @Test
    void referenceLists_holdNullAndEmptyElementsAndDuplicates() {
        assertThat(STANDARD.nulls()).containsKeys("NotificationQueue.recipientIds[]", "ProjectPermissions.viewerContactIds[]");
        assertThat(STANDARD.empties()).containsKeys("NotificationQueue.recipientIds[]", "ProjectPermissions.viewerContactIds[]");
        assertThat(SampleData.standard().items("NotificationQueue")
                .map(item -> item.get("recipientIds").l())
                .anyMatch(list -> list.stream().distinct().count() < list.size())).isTrue();
    }

    @Test
    void listOfMaps_hasEntriesWithoutTheReferenceAttribute() {
        assertThat(SampleData.standard().items("PendingAppointments")
                .flatMap(item -> item.get("attendees").l().stream())
                .anyMatch(attendee -> !attendee.m().containsKey("contactId"))).isTrue();
    }

    @Test
    void signerIds_areAStringSet() {
        assertThat(SampleData.standard().items("eSignatureDocuments")
                .filter(item -> item.containsKey("signerContactIds"))
                .allMatch(item -> item.get("signerContactIds").hasSs())).isTrue();
    }

    @Test
    void nestedReference_isSometimesMissingFromItsMap() {
        List<Map<String, AttributeValue>> memberships = SampleData.standard().items("Memberships").toList();
        assertThat(memberships).anyMatch(m -> !m.containsKey("billing"));
        assertThat(memberships).anyMatch(m -> m.containsKey("billing") && !m.get("billing").m().containsKey("addressId"));
    }

    @Test
    void selfReferences_pointAtOtherContacts() {
        assertThat(STANDARD.resolved().get("Contacts.referredByContactId")).isGreaterThan(10);
    }

    @Test
    void orphanTargets_nameNoItemOfAnyModel() {
        SampleData data = SampleData.standard();
        Set<String> allIds = data.models().stream()
                .flatMap(model -> data.items(model).map(item -> item.get(PLAN.table(model).idAttribute()).s()))
                .collect(Collectors.toSet());
        List<String> orphanIds = data.items("Requests")
                .map(item -> item.get("agentContactId"))
                .filter(v -> v != null && v.s() != null && !v.s().isEmpty())
                .map(AttributeValue::s)
                .filter(id -> data.items("Contacts").noneMatch(c -> c.get("id").s().equals(id)))
                .toList();
        assertThat(orphanIds).hasSize(SampleData.ORPHAN_REQUEST_AGENT_CONTACTS).doesNotHaveDuplicates()
                .noneMatch(allIds::contains);
    }
}
