package dev.dmig.feature.slice;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InMemoryItemStore;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Two projects of a RealTechee-style app on the in-memory store, sharing an agent: each with its request,
 * quotes, quote items (and their products), comments and milestones, and the contacts and properties they name.
 *
 * <p>projA: request reqA, quotes qA1 and qA2 (qA2's address "ghost-p" is in no table), quote items qiA1, qiA2
 * (by project and quote) and qiA3 (by quote qA2 only), comments cmA1 (by c4) and cmA2 (by c1), milestones
 * (projA, 1) and (projA, 2), and audit log record L1, whose second item names c7. projB: reqB, qB1, qiB1,
 * cmB1, milestone (projB, 1) — the same milestone ID as projA's first — and audit log L2. Contacts: c1 the
 * agent of both, c2 projA's homeowner (referred by c5, referred by c6), c3 projB's homeowner, c8 referred by
 * c2, c9 nobody's. Contacts name an Auth record, and Auth is skipped by the plan.
 *
 * <p>Milestones are keyed (projectId, seq) with {@code seq} their ID; audit logs (id, createdAt) with {@code id}.
 */
final class ProjectSample {
    static final String SOURCE = "-dev-NONE";
    static final String TARGET = "-prod-NONE";

    static final String PLAN = """
            {
              "source": {"tableSuffix": "%s"},
              "target": {"tableSuffix": "%s"},
              "segments": %d,
              "tables": {
                "Properties": {},
                "Contacts": {"references": {"referredByContactId": "Contacts", "authId": "Auth"}},
                "Auth": {"skip": true},
                "AppPreferences": {"ids": "preserve"},
                "BackOfficeProducts": {},
                "Requests": {"references": {"agentContactId": "Contacts", "homeownerContactId": "Contacts", "addressId": "Properties"}},
                "Projects": {"references": {"agentContactId": "Contacts", "homeownerContactId": "Contacts", "addressId": "Properties",
                                            "requestId": "Requests", "prefId": "AppPreferences"}},
                "Quotes": {"references": {"projectId": "Projects", "agentContactId": "Contacts", "homeownerContactId": "Contacts",
                                          "addressId": "Properties"}},
                "QuoteItems": {"references": {"projectId": "Projects", "quoteId": "Quotes", "productId": "BackOfficeProducts"}},
                "ProjectComments": {"references": {"projectId": "Projects", "postedByContactId": "Contacts"}},
                "ProjectMilestones": {"idAttribute": "seq", "ids": "preserve", "references": {"projectId": "Projects"}},
                "ContactAuditLog": {"references": {"projectId": "Projects", "contactId": "Contacts"}}
              }
            }
            """;

    static final List<String> ID_KEYED = List.of("Properties", "Contacts", "Auth", "AppPreferences", "BackOfficeProducts",
            "Requests", "Projects", "Quotes", "QuoteItems", "ProjectComments");

    final InMemoryItemStore items = new InMemoryItemStore();
    final int segments;

    ProjectSample(int segments) {
        this.segments = segments;
        for (String suffix : List.of(SOURCE, TARGET)) {
            ID_KEYED.forEach(model -> items.createTable(model + suffix, "id", ScalarAttributeType.S));
            items.createTable("ProjectMilestones" + suffix, "projectId", ScalarAttributeType.S, "seq", ScalarAttributeType.N);
            items.createTable("ContactAuditLog" + suffix, "id", ScalarAttributeType.S, "createdAt", ScalarAttributeType.S);
        }
        seed();
    }

    MigrationPlan plan() {
        return PlanParser.parse(PLAN.formatted(SOURCE, TARGET, segments));
    }

    static String source(String model) {
        return model + SOURCE;
    }

    private void seed() {
        items.put(source("Properties"),
                item("id", s("p1"), "street", s("1 High St")),
                item("id", s("p2"), "street", s("2 Low Rd")),
                item("id", s("p3"), "street", s("3 Mid Ave")));
        items.put(source("Auth"), item("id", s("a1")), item("id", s("a2")));
        items.put(source("Contacts"),
                item("id", s("c1"), "name", s("Agent"), "authId", s("a1")),
                item("id", s("c2"), "name", s("Homeowner A"), "referredByContactId", s("c5"), "authId", s("a2")),
                item("id", s("c3"), "name", s("Homeowner B")),
                item("id", s("c4"), "name", s("Commenter")),
                item("id", s("c5"), "name", s("Referrer"), "referredByContactId", s("c6")),
                item("id", s("c6"), "name", s("Referrer's referrer")),
                item("id", s("c7"), "name", s("In L1's second entry")),
                item("id", s("c8"), "name", s("Referred by c2"), "referredByContactId", s("c2")),
                item("id", s("c9"), "name", s("Nobody's")));
        items.put(source("AppPreferences"), item("id", s("theme"), "value", s("dark")), item("id", s("lang"), "value", s("en")));
        items.put(source("BackOfficeProducts"),
                item("id", s("prod1"), "name", s("Paint")),
                item("id", s("prod2"), "name", s("Tiles")),
                item("id", s("prod3"), "name", s("Roof")));
        items.put(source("Requests"),
                item("id", s("reqA"), "agentContactId", s("c1"), "homeownerContactId", s("c2"), "addressId", s("p1")),
                item("id", s("reqB"), "agentContactId", s("c1"), "homeownerContactId", s("c3"), "addressId", s("p2")));
        items.put(source("Projects"),
                item("id", s("projA"), "agentContactId", s("c1"), "homeownerContactId", s("c2"), "addressId", s("p1"),
                        "requestId", s("reqA"), "prefId", s("theme")),
                item("id", s("projB"), "agentContactId", s("c1"), "homeownerContactId", s("c3"), "addressId", s("p2"),
                        "requestId", s("reqB")));
        items.put(source("Quotes"),
                item("id", s("qA1"), "projectId", s("projA"), "agentContactId", s("c1"), "homeownerContactId", s("c2"),
                        "addressId", s("p1")),
                item("id", s("qA2"), "projectId", s("projA"), "addressId", s("ghost-p")),
                item("id", s("qB1"), "projectId", s("projB"), "agentContactId", s("c1"), "homeownerContactId", s("c3"),
                        "addressId", s("p2")));
        items.put(source("QuoteItems"),
                item("id", s("qiA1"), "projectId", s("projA"), "quoteId", s("qA1"), "productId", s("prod1")),
                item("id", s("qiA2"), "projectId", s("projA"), "quoteId", s("qA1"), "productId", s("prod2")),
                item("id", s("qiA3"), "quoteId", s("qA2"), "productId", s("prod1")),
                item("id", s("qiB1"), "projectId", s("projB"), "quoteId", s("qB1"), "productId", s("prod3")));
        items.put(source("ProjectComments"),
                item("id", s("cmA1"), "projectId", s("projA"), "postedByContactId", s("c4")),
                item("id", s("cmA2"), "projectId", s("projA"), "postedByContactId", s("c1")),
                item("id", s("cmB1"), "projectId", s("projB"), "postedByContactId", s("c3")));
        items.put(source("ProjectMilestones"),
                item("projectId", s("projA"), "seq", n("1"), "title", s("Start")),
                item("projectId", s("projA"), "seq", n("2"), "title", s("Finish")),
                item("projectId", s("projB"), "seq", n("1"), "title", s("Start")));
        items.put(source("ContactAuditLog"),
                item("id", s("L1"), "createdAt", s("2026-01-01"), "projectId", s("projA"), "contactId", s("c2")),
                item("id", s("L1"), "createdAt", s("2026-01-02"), "contactId", s("c7")),
                item("id", s("L2"), "createdAt", s("2026-01-01"), "projectId", s("projB"), "contactId", s("c3")));
    }
}
