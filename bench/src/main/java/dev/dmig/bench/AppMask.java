package dev.dmig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The whole app's plan made a masked run ({@code --masked}): the top-level {@code mask} with the bench's key variable, and
 * per table a rule for each of the sample's personal attributes, top-level or inside maps and lists (names, emails, phones,
 * addresses, free text about people, an audit log's old and new values), written out here rather than inferred (strict
 * mode checked them: it refuses none of the sample's attribute paths; the names of milestones, templates and associations,
 * four booleans and an address's city, state and ZIP code are kept on purpose), and the users' identity-pool IDs kept as
 * they are ({@code identities.onUnmatched: keep}: the masked users a run puts in the target's pool have none yet). The key is the bench's own, not a secret: it reaches the dmig process through its environment alone
 * ({@link #ENVIRONMENT}), as a user's does.
 */
final class AppMask {
    /** The variable the masked plan names in {@code mask.keyFrom}. */
    static final String KEY_VARIABLE = "DMIG_BENCH_MASK_KEY";
    /** The bench's masking key, in the masked run's environment only. */
    static final Map<String, String> ENVIRONMENT = Map.of(KEY_VARIABLE, "dmig-bench-masking-key-not-a-secret");

    /** Each table's rules: attribute path to kind, as the plan's {@code mask} takes them. */
    static final Map<String, Map<String, String>> RULES = Map.ofEntries(
            // A homeowners' association's name is no one's.
            Map.entry("Properties", Map.of("propertyFullAddress", "address", "houseAddress", "address", "hoa.name", "keep")),
            // A mailing address's city, state and ZIP code kept beside its masked street; whether to email, a boolean.
            Map.entry("Contacts", Map.ofEntries(Map.entry("firstName", "givenName"), Map.entry("lastName", "familyName"),
                    Map.entry("fullName", "fullName"), Map.entry("email", "email"), Map.entry("phone", "phone"),
                    Map.entry("mobile", "phone"), Map.entry("emailVerified", "keep"), Map.entry("mailingAddress.street", "address"),
                    Map.entry("mailingAddress.city", "keep"), Map.entry("mailingAddress.state", "keep"),
                    Map.entry("mailingAddress.zip", "keep"), Map.entry("preferences.contact.email", "keep"), Map.entry("notes", "text"))),
            // A change to a contact's email, phone or last name: its old and new values, keyed by the field.
            Map.entry("ContactAuditLog", Map.of("changes.email.old", "text", "changes.email.new", "text", "changes.email.meta", "keep",
                    "changes.phone.old", "text", "changes.phone.new", "text", "changes.phone.meta", "keep",
                    "changes.lastName.old", "text", "changes.lastName.new", "text", "changes.lastName.meta", "keep")),
            Map.entry("BackOfficeAssignTo", Map.of("title", "fullName", "name", "fullName", "email", "email", "mobile", "phone",
                    "sendEmailNotifications", "keep")),
            Map.entry("NotificationTemplate", Map.of("name", "keep")),
            Map.entry("UserProfiles", Map.of("displayName", "fullName", "email", "email", "bio", "text", "notifications.email", "keep")),
            Map.entry("ContactUs", Map.of("name", "fullName", "email", "email", "phone", "phone", "message", "text")),
            Map.entry("Requests", Map.of("assignedTo", "fullName", "message", "text", "officeNotes", "text")),
            Map.entry("Affiliates", Map.of("email", "email", "phone", "phone", "notes", "text")),
            Map.entry("EmailSuppressionList", Map.of("email", "email", "notes", "text")),
            Map.entry("PendingAppointments", Map.of("attendees[].name", "fullName", "attendees[].email", "email", "notes", "text",
                    "location.accessNotes", "text")),
            Map.entry("ProjectMilestones", Map.of("name", "keep")),
            // Free texts the people of a quote, a notification or a visit wrote.
            Map.entry("Quotes", Map.of("notes", "text")),
            Map.entry("SecureConfig", Map.of("createdBy", "email")),
            // First names copied beside the contacts': a notification's variables, a commenter's nickname.
            Map.entry("NotificationQueue", Map.of("payload.variables.firstName", "givenName", "payload.subject", "text")),
            Map.entry("ProjectComments", Map.of("nickname", "givenName")));

    /**
     * Each table's Storage files, where the plan copies them: a user's avatar (their own upload) a placeholder of its type,
     * a project's cover, the app's, copied as it is. A masked run refuses a file its plan does not decide.
     */
    static final Map<String, Map<String, String>> FILES = Map.of("UserProfiles", Map.of("avatar.key", "placeholder"),
            "Projects", Map.of("coverKey", "keep"));

    private AppMask() {
    }

    /** A copy of {@code plan} that masks: the top-level {@code mask} and each table's rules that the plan has the table of. */
    static ObjectNode masked(ObjectNode plan) {
        ObjectNode copy = plan.deepCopy();
        copy.putObject("mask").put("keyFrom", KEY_VARIABLE);
        if (copy.get("identities") instanceof ObjectNode identities) {
            // The users a masked run puts in the target's pool have no identity-pool ID yet (one is made at a first sign-in):
            // the users' identity IDs in file keys are copied as they are, on purpose, as a preview's plan says.
            identities.put("onUnmatched", "keep");
        }
        ObjectNode tables = (ObjectNode) copy.get("tables");
        for (Map.Entry<String, Map<String, String>> table : RULES.entrySet()) {
            if (tables.has(table.getKey())) {
                ObjectNode mask = ((ObjectNode) tables.get(table.getKey())).putObject("mask");
                table.getValue().forEach(mask::put);
            }
        }
        for (Map.Entry<String, Map<String, String>> table : FILES.entrySet()) {
            if (tables.get(table.getKey()) instanceof ObjectNode entry && entry.get("files") instanceof ObjectNode files) {
                ObjectNode mask = entry.get("mask") instanceof ObjectNode rules ? rules : entry.putObject("mask");
                table.getValue().forEach((path, kind) -> {
                    if (files.has(path)) {
                        mask.put(path, kind);
                    }
                });
            }
        }
        return copy;
    }

    /** The rules the masked plan of {@code plan} holds: what the masked run masks or keeps on purpose. */
    static int rules(ObjectNode plan) {
        int rules = 0;
        for (Map.Entry<String, Map<String, String>> table : RULES.entrySet()) {
            rules += plan.path("tables").has(table.getKey()) ? table.getValue().size() : 0;
        }
        return rules;
    }
}
