package dev.dmig.sample;

import dev.dmig.sample.SampleTable.Index;
import dev.dmig.sample.SampleTable.KeyAttribute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The tables of the sample Amplify app (modelled on RealTechee), listed by dependency level.
 * Indexes mirror what Amplify's {@code @index} directive would create for the same models.
 */
public final class SampleSchema {

    private static final KeyAttribute ID = string("id");
    private static final KeyAttribute CREATED_AT = string("createdAt");

    private static final Map<String, SampleTable> TABLES = tables(
            // Level 1
            amplify("Properties"),
            amplify("Contacts", index("byEmail", string("email"), null)),
            amplify("BackOfficeAssignTo"),
            amplify("BackOfficeBookingStatuses"),
            amplify("BackOfficeBrokerage"),
            amplify("BackOfficeNotifications"),
            amplify("BackOfficeProducts"),
            amplify("BackOfficeProjectStatuses"),
            amplify("BackOfficeQuoteStatuses"),
            amplify("BackOfficeRequestStatuses"),
            amplify("BackOfficeRoleTypes"),
            amplify("NotificationTemplate"),
            amplify("Auth", index("byEmail", string("email"), null)),
            amplify("AppPreferences"),
            new SampleTable("SecureConfig", string("key"), null, List.of()),
            // Keyed the single-table way, by its user's sub: PK = USER#<sub>.
            new SampleTable("UserProfiles", string("PK"), null, List.of()),
            // Level 2
            amplify("ContactUs"),
            amplify("Requests", index("byAgentContact", string("agentContactId"), null)),
            amplify("Affiliates"),
            // An audit log is read newest-first per record, hence the only composite primary key.
            new SampleTable("ContactAuditLog", ID, CREATED_AT,
                    List.of(index("byContact", string("contactId"), CREATED_AT))),
            amplify("NotificationQueue",
                    index("byStatus", string("status"), new KeyAttribute("scheduledAt", ScalarAttributeType.N))),
            amplify("EmailSuppressionList", index("byEmail", string("email"), null)),
            amplify("Memberships", index("byContact", string("contactId"), null)),
            amplify("eSignatureDocuments", index("byProperty", string("propertyId"), null)),
            amplify("PendingAppointments"),
            // Level 3
            amplify("Projects", index("byHomeowner", string("homeownerContactId"), null)),
            // Level 4
            amplify("Quotes", index("byProject", string("projectId"), null),
                    index("byAgentProject", string("agentContactId"), string("projectId#createdAt"))),
            amplify("ProjectComments", index("byProject", string("projectId"), CREATED_AT)),
            amplify("ProjectMilestones", index("byProject", string("projectId"), null)),
            amplify("ProjectPaymentTerms", index("byProject", string("projectId"), null)),
            amplify("ProjectPermissions", index("byProject", string("projectId"), null)),
            // Level 5
            amplify("QuoteItems", index("byQuote", string("quoteId"), CREATED_AT)));

    private SampleSchema() {
    }

    /** Every sample table, parents before children. */
    public static List<SampleTable> tables() {
        return List.copyOf(TABLES.values());
    }

    public static List<String> models() {
        return List.copyOf(TABLES.keySet());
    }

    public static SampleTable table(String model) {
        SampleTable table = TABLES.get(model);
        if (table == null) {
            throw new IllegalArgumentException("no sample table " + model);
        }
        return table;
    }

    private static Map<String, SampleTable> tables(SampleTable... tables) {
        Map<String, SampleTable> byModel = new LinkedHashMap<>();
        for (SampleTable table : tables) {
            byModel.put(table.model(), table);
        }
        return Collections.unmodifiableMap(byModel);
    }

    private static SampleTable amplify(String model, Index... indexes) {
        return new SampleTable(model, ID, null, new ArrayList<>(List.of(indexes)));
    }

    private static Index index(String name, KeyAttribute hash, KeyAttribute range) {
        return new Index(name, hash, range);
    }

    private static KeyAttribute string(String name) {
        return new KeyAttribute(name, ScalarAttributeType.S);
    }
}
