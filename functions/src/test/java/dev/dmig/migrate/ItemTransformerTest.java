package dev.dmig.migrate;

import static dev.dmig.store.Items.b;
import static dev.dmig.store.Items.bool;
import static dev.dmig.store.Items.bs;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.ns;
import static dev.dmig.store.Items.nul;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.ss;
import static dev.dmig.store.Items.with;
import static dev.dmig.store.Items.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemTransformerTest {
    private static final IdMapper IDS = new IdMapper("prod-NONE");

    private static final MigrationPlan PLAN = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
             "tables": {
               "Contacts": {},
               "Prefs": {"ids": "preserve"},
               "Requests": {"references": {"contactId": "Contacts", "meta.ownerId": "Contacts", "watchers[]": "Contacts",
                                           "lines[].contactId": "Contacts", "prefId": "Prefs"}},
               "Renamed": {"references": {"contactId": "Contacts"}, "rename": {"contactId": "contact", "label": "title"}},
               "RenameThenRemove": {"rename": {"a": "b"}, "remove": ["b"]},
               "RemoveThenSet": {"remove": ["c"], "set": {"c": 1}},
               "RenameThenSet": {"rename": {"a": "b"}, "set": {"b": "constant"}},
               "Clash": {"rename": {"a": "b"}},
               "Keyed": {"idAttribute": "pk"}
             }}""");

    private final ItemTransformer transformer = new ItemTransformer(PLAN);

    private static String contact(String oldId) {
        return IDS.newId("Contacts", oldId);
    }

    /** A source item that the transformer must not be able to change. */
    private static Map<String, AttributeValue> frozen(Map<String, AttributeValue> item) {
        return Map.copyOf(item);
    }

    private Map<String, AttributeValue> request(Object... attributes) {
        return transformer.transform("Requests", frozen(with(item("id", s("r1")), attributes)));
    }

    @Test
    void ownId_isMapped_withTheModelName() {
        Map<String, AttributeValue> out = transformer.transform("Contacts", frozen(item("id", s("c1"), "name", s("Ann"))));
        assertThat(out).isEqualTo(item("id", s(contact("c1")), "name", s("Ann")));
        assertThat(transformer.newId("Contacts", "c1")).isEqualTo(contact("c1"));
    }

    @Test
    void idsRemembered_areTheSameWhileTheScopeIsOpen_andLetGoOfWhenItCloses() {
        String outside = transformer.newId("Contacts", "c1");
        assertThat(transformer.newId("Contacts", "c1")).isEqualTo(outside).isNotSameAs(outside);
        String first;
        try (ItemTransformer.RememberedIds ids = transformer.rememberIds()) {
            first = transformer.newId("Contacts", "c1");
            try (ItemTransformer.RememberedIds inner = transformer.rememberIds()) {
                assertThat(transformer.newId("Contacts", "c1")).isSameAs(first);
            }
            assertThat(transformer.newId("Contacts", "c1")).as("the outer scope keeps them").isSameAs(first);
            assertThat(transformer.newId("Properties", "c1")).isNotEqualTo(first);
            assertThat(transformer.transform("Contacts", item("id", s("c1"))).get("id").s()).isSameAs(first);
        }
        assertThat(first).isEqualTo(outside);
        assertThat(transformer.newId("Contacts", "c1")).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void ownId_underAnotherAttributeName_isMapped() {
        assertThat(transformer.transform("Keyed", frozen(item("pk", s("k1"), "id", s("not-the-id")))))
                .isEqualTo(item("pk", s(IDS.newId("Keyed", "k1")), "id", s("not-the-id")));
    }

    @Test
    void topLevelReference_isMapped() {
        assertThat(request("contactId", s("c1")).get("contactId")).isEqualTo(s(contact("c1")));
    }

    @Test
    void nestedMapReference_isMapped_andSiblingsKept() {
        assertThat(request("meta", m("ownerId", s("c2"), "note", s("hi"), "n", n("1"))).get("meta"))
                .isEqualTo(m("ownerId", s(contact("c2")), "note", s("hi"), "n", n("1")));
    }

    @Test
    void listReference_isMappedElementByElement_keepingOrderDuplicatesNullAndEmpty() {
        assertThat(request("watchers", l(s("c3"), nul(), s(""), s("c1"), s("c3"))).get("watchers"))
                .isEqualTo(l(s(contact("c3")), nul(), s(""), s(contact("c1")), s(contact("c3"))));
    }

    @Test
    void stringSetReference_isMapped() {
        AttributeValue out = request("watchers", ss("c1", "c2")).get("watchers");
        assertThat(out.type()).isEqualTo(AttributeValue.Type.SS);
        assertThat(out.ss()).containsExactlyInAnyOrder(contact("c1"), contact("c2"));
    }

    @Test
    void listOfMapsReference_isMappedInEachMap_keepingNullElementsAndMapsWithoutTheKey() {
        AttributeValue lines = l(m("contactId", s("c4"), "qty", n("2")), nul(), m("contactId", s("")), m("other", s("x")),
                m("contactId", nul()));
        assertThat(request("lines", lines).get("lines")).isEqualTo(l(m("contactId", s(contact("c4")), "qty", n("2")), nul(),
                m("contactId", s("")), m("other", s("x")), m("contactId", nul())));
    }

    @Test
    void missingNullAndEmptyReferenceValues_areLeftAsTheyAre() {
        Map<String, AttributeValue> source = item("id", s("r1"), "contactId", s(""), "meta", nul(), "watchers", nul(),
                "lines", l());
        assertThat(transformer.transform("Requests", frozen(source))).isEqualTo(with(source, "id", s(IDS.newId("Requests", "r1"))));
        Map<String, AttributeValue> noReferences = item("id", s("r2"), "meta", m("note", s("x")));
        assertThat(transformer.transform("Requests", frozen(noReferences)))
                .isEqualTo(with(noReferences, "id", s(IDS.newId("Requests", "r2"))));
    }

    @Test
    void referenceToPreservedTable_isCopiedUnchanged_whateverItsType() {
        assertThat(request("prefId", s("theme")).get("prefId")).isEqualTo(s("theme"));
        assertThat(request("prefId", n("7")).get("prefId")).isEqualTo(n("7"));
    }

    @Test
    void preservedTable_keepsItsOwnId() {
        Map<String, AttributeValue> pref = item("id", s("theme"), "value", s("dark"));
        assertThat(transformer.transform("Prefs", frozen(pref))).isEqualTo(pref);
        assertThat(transformer.transform("Prefs", frozen(item("id", n("3"))))).isEqualTo(item("id", n("3")));
        assertThat(transformer.newId("Prefs", "theme")).isEqualTo("theme");
    }

    @Test
    void everyDynamoDbType_inOtherAttributes_isCarriedOverExactly() {
        Map<String, AttributeValue> source = item(
                "id", s("c1"),
                "s", s("text ✓"), "empty", s(""),
                "n38", n("12345678901234567890123456789012345678"), "nneg", n("-0.00000000000000000000000000000000000001"),
                "b", b(0, 1, 255), "ss", ss("b", "a"), "ns", ns("2", "1.5", "-3"),
                "bs", bs(new byte[] {1}, new byte[] {2, 3}),
                "m", m("inner", m("deep", l(n("1"), s("x"))), "flag", bool(false)),
                "l", l(s("a"), n("1"), b(9), bool(true), nul(), l(), m(), ss("z"), ns("9"), bs(new byte[] {7})),
                "t", bool(true), "f", bool(false), "nothing", nul());
        Map<String, AttributeValue> out = transformer.transform("Contacts", frozen(source));
        assertThat(out).isEqualTo(with(source, "id", s(contact("c1"))));
    }

    @Test
    void referencesAreMappedBeforeRename() {
        Map<String, AttributeValue> out = transformer.transform("Renamed",
                frozen(item("id", s("x1"), "contactId", s("c1"), "label", s("L"))));
        assertThat(out).isEqualTo(item("id", s(IDS.newId("Renamed", "x1")), "contact", s(contact("c1")), "title", s("L")));
    }

    @Test
    void renameHappensBeforeRemove() {
        assertThat(transformer.transform("RenameThenRemove", frozen(item("id", s("1"), "a", s("A"), "keep", s("k")))))
                .isEqualTo(item("id", s(IDS.newId("RenameThenRemove", "1")), "keep", s("k")));
    }

    @Test
    void removeHappensBeforeSet() {
        assertThat(transformer.transform("RemoveThenSet", frozen(item("id", s("1"), "c", s("old")))))
                .isEqualTo(item("id", s(IDS.newId("RemoveThenSet", "1")), "c", n("1")));
        assertThat(transformer.transform("RemoveThenSet", frozen(item("id", s("2")))))
                .isEqualTo(item("id", s(IDS.newId("RemoveThenSet", "2")), "c", n("1")));
    }

    @Test
    void setHappensAfterRename() {
        assertThat(transformer.transform("RenameThenSet", frozen(item("id", s("1"), "a", s("A")))))
                .isEqualTo(item("id", s(IDS.newId("RenameThenSet", "1")), "b", s("constant")));
    }

    @Test
    void renameOfAMissingAttribute_doesNothing() {
        assertThat(transformer.transform("Clash", frozen(item("id", s("1"), "z", s("Z")))))
                .isEqualTo(item("id", s(IDS.newId("Clash", "1")), "z", s("Z")));
    }

    @Test
    void renameOntoAnExistingAttribute_isAnItemError() {
        assertThatThrownBy(() -> transformer.transform("Clash", frozen(item("id", s("1"), "a", s("A"), "b", s("B")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Clash, item id=1, attribute b: rename would overwrite the existing attribute b");
    }

    @Test
    void numberWhereAStringIdIsExpected_namesTableAttributeAndKey() {
        assertThatThrownBy(() -> request("contactId", n("42")))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute contactId: expected a string ID, found a number (N)");
    }

    @Test
    void numberAsOwnSha256Id_isAnItemError() {
        ItemInvalidException e = org.assertj.core.api.Assertions.catchThrowableOfType(ItemInvalidException.class,
                () -> transformer.transform("Contacts", frozen(item("id", n("42")))));
        assertThat(e).hasMessage("table Contacts, item id=42, attribute id: sha256 IDs must be non-empty strings, found a number (N)");
        assertThat(e.problem().table()).isEqualTo("Contacts");
        assertThat(e.problem().attribute()).isEqualTo("id");
        assertThat(e.problem().key()).isEqualTo("id=42");
    }

    @Test
    void missingOrEmptyOwnId_isAnItemError() {
        assertThatThrownBy(() -> transformer.transform("Contacts", frozen(item("name", s("x")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Contacts, item (no id), attribute id: the item has no ID attribute");
        assertThatThrownBy(() -> transformer.transform("Contacts", frozen(item("id", s("")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Contacts, item id=, attribute id: sha256 IDs must be non-empty strings, found a string");
    }

    @Test
    void listElementOfWrongType_namesTheElement() {
        assertThatThrownBy(() -> request("watchers", l(s("c1"), n("2"))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute watchers[]: element 1 should be a string ID, found a number (N)");
        assertThatThrownBy(() -> request("lines", l(s("c1"))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute lines[].contactId: element 0 should be a map, found a string");
    }

    @Test
    void mapExpectedOnTheWay_namesTheStep() {
        assertThatThrownBy(() -> request("meta", s("c1")))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute meta.ownerId: expected a map at 'meta', found a string");
        assertThatThrownBy(() -> request("meta", m("ownerId", l(s("c1")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute meta.ownerId: expected a string ID, found a list (L)");
    }

    @Test
    void listExpected_namesTheStep() {
        assertThatThrownBy(() -> request("watchers", s("c1")))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute watchers[]: expected a list or string set of IDs at 'watchers', found a string");
        assertThatThrownBy(() -> request("lines", ss("c1")))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute lines[].contactId: expected a list of maps at 'lines', found a string set (SS)");
    }

    /** One visit of {@link ItemTransformer#forEachReference}. */
    private record Visit(String path, String model, String id) {}

    private List<Visit> visits(Map<String, AttributeValue> item) {
        List<Visit> visits = new ArrayList<>();
        transformer.forEachReference("Requests", item, (path, model, id) -> visits.add(new Visit(path.text(), model, id)));
        return visits;
    }

    @Test
    void forEachReference_visitsExactlyTheNonEmptyValues() {
        Map<String, AttributeValue> item = item("id", s("r1"),
                "contactId", s("c1"),
                "meta", m("ownerId", s("c2")),
                "watchers", l(s("c3"), nul(), s(""), s("c3")),
                "lines", l(m("contactId", s("c4")), nul(), m("contactId", s("")), m("other", s("x"))),
                "prefId", s("theme"));
        assertThat(visits(item)).containsExactly(
                new Visit("contactId", "Contacts", "c1"),
                new Visit("meta.ownerId", "Contacts", "c2"),
                new Visit("watchers[]", "Contacts", "c3"),
                new Visit("watchers[]", "Contacts", "c3"),
                new Visit("lines[].contactId", "Contacts", "c4"),
                new Visit("prefId", "Prefs", "theme"));
        assertThat(visits(item("id", s("r2"), "contactId", s(""), "meta", nul(), "watchers", l(nul())))).isEmpty();
    }

    @Test
    void forEachReference_checksTypes_likeTransform_exceptForPreservedTargets() {
        assertThatThrownBy(() -> visits(item("id", s("r1"), "contactId", n("1"))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Requests, item id=r1, attribute contactId: expected a string ID, found a number (N)");
        assertThat(visits(item("id", s("r1"), "prefId", n("1")))).isEmpty();
    }

    @Test
    void transform_ofAnItemWithoutEdits_addsNoAttribute() {
        Map<String, AttributeValue> source = item("id", s("c9"));
        assertThat(transformer.transform("Contacts", frozen(source)).keySet()).containsExactly("id");
        assertThat(without(transformer.transform("Requests", frozen(item("id", s("r9"), "x", s("y")))), "id"))
                .isEqualTo(item("x", s("y")));
    }

    private static final MigrationPlan PATTERNS = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
             "tables": {
               "Project": {},
               "Kept": {"ids": "preserve"},
               "Task": {"references": {"projectId#createdAt": {"pattern": "{projectId}#{createdAt}", "projectId": "Project"},
                                       "links[]": {"pattern": "P:{p}", "p": "Project"},
                                       "legacy": {"pattern": "K-{k}", "k": "Kept"}}},
               "App": {"idAttribute": "PK",
                       "references": {"PK": [{"pattern": "ORG#{id}", "id": "App"}, {"pattern": "CUSTOMER#{id}", "id": "App"}],
                                      "SK": [{"pattern": "ORDER#{orderId}", "orderId": "App"}, {"pattern": "PROFILE"}],
                                      "GSI1PK": {"pattern": "CUSTOMER#{id}", "id": "App"}},
                       "rename": {"note": "notes"}}
             }}""");

    private final ItemTransformer patterns = new ItemTransformer(PATTERNS);

    @Test
    void compositeValue_mapsOnlyThePlaceholderThatHoldsAnId() {
        Map<String, AttributeValue> out = patterns.transform("Task", frozen(item("id", s("t1"),
                "projectId#createdAt", s("p1#2024-05-01T10:00:00.000Z"), "links", l(s("P:p2"), nul(), s("")),
                "legacy", s("K-7"))));
        assertThat(out).isEqualTo(item("id", s(IDS.newId("Task", "t1")),
                "projectId#createdAt", s(IDS.newId("Project", "p1") + "#2024-05-01T10:00:00.000Z"),
                "links", l(s("P:" + IDS.newId("Project", "p2")), nul(), s("")),
                "legacy", s("K-7")));
    }

    @Test
    void singleTableKeys_areMappedByTheirPatterns_theIdAttributeIncluded_andEditsFollow() {
        Map<String, AttributeValue> profile = patterns.transform("App", frozen(item("PK", s("CUSTOMER#c1"), "SK", s("PROFILE"),
                "note", s("hi"))));
        assertThat(profile).isEqualTo(item("PK", s("CUSTOMER#" + IDS.newId("App", "c1")), "SK", s("PROFILE"), "notes", s("hi")));
        Map<String, AttributeValue> order = patterns.transform("App", frozen(item("PK", s("ORG#o1"), "SK", s("ORDER#42"),
                "GSI1PK", s("CUSTOMER#c1"))));
        assertThat(order).isEqualTo(item("PK", s("ORG#" + IDS.newId("App", "o1")), "SK", s("ORDER#" + IDS.newId("App", "42")),
                "GSI1PK", profile.get("PK")));
    }

    @Test
    void aValueThatMatchesNoPattern_isADataProblem_namingTableItemAttributeAndPatterns() {
        assertThatThrownBy(() -> patterns.transform("App", frozen(item("PK", s("ORG#o1"), "SK", s("ITEM#42")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table App, item PK=ORG#o1, attribute SK: 'ITEM#42' matches none of its patterns ORDER#{orderId}, PROFILE");
        assertThatThrownBy(() -> patterns.transform("Task", frozen(item("id", s("t1"), "projectId#createdAt", s("p1")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Task, item id=t1, attribute projectId#createdAt: 'p1' does not match its pattern {projectId}#{createdAt}");
        assertThatThrownBy(() -> patterns.transform("Task", frozen(item("id", s("t1"), "projectId#createdAt", n("1")))))
                .isInstanceOf(ItemInvalidException.class)
                .hasMessage("table Task, item id=t1, attribute projectId#createdAt: expected a string ID, found a number (N)");
    }

    @Test
    void forEachReference_visitsEachPlaceholderThatHoldsAModelsId_byPathAndName() {
        List<Visit> visits = new ArrayList<>();
        patterns.forEachReference("App", item("PK", s("ORG#o1"), "SK", s("PROFILE"), "GSI1PK", s("CUSTOMER#c1")),
                (path, model, id) -> visits.add(new Visit(path.text(), model, id)));
        patterns.forEachReference("Task", item("id", s("t1"), "projectId#createdAt", s("p1#x"), "legacy", s("K-7")),
                (path, model, id) -> visits.add(new Visit(path.text(), model, id)));
        assertThat(visits).containsExactly(new Visit("PK{id}", "App", "o1"), new Visit("GSI1PK{id}", "App", "c1"),
                new Visit("projectId#createdAt{projectId}", "Project", "p1"), new Visit("legacy{k}", "Kept", "7"));
    }

    private static final MigrationPlan FILES = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
             "tables": {
               "Photo": {"files": {"thumb": {"prefix": "public/", "pattern": "thumbs/{id}.png", "id": "Photo"},
                                   "attachments[]": {"format": "s3url"}, "cover": {"format": "url"}, "plain": {}}}}}
            """);
    private final ItemTransformer files = new ItemTransformer(FILES);

    /**
     * The core's walk of an item's file values (what the files feature copies, the analysis looks at and validation's
     * check of source values reads): each object's key in the source bucket and its new one, renamed with the run's IDs
     * (and identities: {@code IdentityValuesTest}). The values' rewrite in the item is the files feature's, tested beside it.
     */
    @Test
    void fileValues_areWalked_withTheirObjectsKeys_inTheSourceBucketAndTheTargets() {
        String photo = IDS.newId("Photo", "p1");
        Map<String, AttributeValue> source = frozen(item("id", s("p1"), "thumb", s("thumbs/p1.png"),
                "attachments", l(s("s3://app-dev/docs/a b.pdf"), s("")),
                "cover", s("https://app-dev.s3.us-east-1.amazonaws.com/covers/c%201.jpg?X-Amz-Signature=1"),
                "plain", s("public/x.txt")));
        List<String> objects = new ArrayList<>();
        FileObjects.of(files).forEach("Photo", source, (path, from, to) -> objects.add(path + ": " + from + " -> " + to));
        assertThat(objects).containsExactly(
                "thumb: public/thumbs/p1.png -> public/thumbs/" + photo + ".png",
                "attachments[]: docs/a b.pdf -> docs/a b.pdf",
                "cover: covers/c 1.jpg -> covers/c 1.jpg",
                "plain: public/x.txt -> public/x.txt");
    }

    /** A key S3 would not take as written is the walk's data problem, as it is the files feature's rewrite's. */
    @Test
    void aKeyS3WouldNotTakeAsWritten_isADataProblemOfTheWalk_namingTheItem() {
        for (String key : List.of("../etc/passwd", "docs/./a.pdf", "/docs/a.pdf", "docs/a\nb.pdf", "docs/%2E%2e/a.pdf")) {
            assertThatThrownBy(() -> FileObjects.of(files).forEach("Photo", frozen(item("id", s("p1"), "plain", s(key))), (path, from, to) -> { }))
                    .as(key).isInstanceOf(ItemInvalidException.class).hasMessageStartingWith("table Photo, item id=p1, attribute plain: "
                            + "object key '");
        }
    }
}
