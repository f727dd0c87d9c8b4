package dev.dmig.sample;

import static dev.dmig.sample.ItemBuilder.b;
import static dev.dmig.sample.ItemBuilder.bool;
import static dev.dmig.sample.ItemBuilder.bs;
import static dev.dmig.sample.ItemBuilder.l;
import static dev.dmig.sample.ItemBuilder.m;
import static dev.dmig.sample.ItemBuilder.n;
import static dev.dmig.sample.ItemBuilder.ns;
import static dev.dmig.sample.ItemBuilder.nul;
import static dev.dmig.sample.ItemBuilder.s;
import static dev.dmig.sample.ItemBuilder.ss;
import static dev.dmig.sample.SampleValues.iso;

import dev.dmig.sample.SampleValues.City;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One generator per sample model. Reference edge cases (absent, NULL, empty, odd list elements)
 * are chosen by index, not by chance, so they occur at every scale; values are drawn from the
 * item's own random source.
 */
final class SampleItems {

    private static final List<String> SECURE_CONFIG_KEYS = List.of(
            "stripe.secretKey", "sendgrid.apiKey", "twilio.authToken", "google.mapsApiKey",
            "docusign.integrationKey", "hubspot.privateAppToken", "s3.uploadsBucket", "recaptcha.secret");

    private static final List<String> PRODUCTS = List.of(
            "Kitchen Remodel", "Bathroom Remodel", "Interior Paint", "Exterior Paint", "Flooring",
            "Roofing", "Landscaping", "Home Staging", "Deep Clean", "Windows & Doors", "Decks & Patios",
            "Full Renovation", "Sell", "Buy", "Kitchen and Bath", "Commercial", "Accessory Dwelling Unit",
            "Pre-listing Refresh");

    private static final List<String> CONTACT_TAGS = List.of(
            "vip", "first-time-buyer", "investor", "repeat-client", "referral", "newsletter",
            "spanish-speaking", "luxury", "relocation", "downsizing");

    private static final Map<String, List<String>> LOOKUP_TITLES = Map.of(
            "BackOfficeBookingStatuses", List.of("Booked", "Confirmed", "Rescheduled", "Canceled",
                    "Completed", "No Show", "Pending Confirmation", "Waitlisted"),
            "BackOfficeBrokerage", List.of("Compass", "Keller Williams", "Coldwell Banker",
                    "Sotheby's International Realty", "RE/MAX Gold", "Intero Real Estate", "eXp Realty",
                    "Redfin", "Berkshire Hathaway HomeServices", "Century 21", "Douglas Elliman", "The Agency",
                    "Real Brokerage", "Equity Union", "Christie's International", "Engel & Volkers",
                    "Corcoran", "Windermere", "Better Homes and Gardens", "Independent"),
            "BackOfficeNotifications", List.of("Request Received", "Request Assigned", "Walk-through Booked",
                    "Quote Sent", "Quote Opened", "Quote Accepted", "Project Started", "Milestone Completed",
                    "Payment Due", "Payment Received", "Project Completed", "Review Requested",
                    "Comment Posted", "Document Signed", "Weekly Digest"),
            "BackOfficeProducts", PRODUCTS,
            "BackOfficeProjectStatuses", List.of("New", "Boosting", "Buyer Servicing", "Pre-listing",
                    "Listed", "In-escrow", "Sold", "Completed", "Archived", "On Hold"),
            "BackOfficeQuoteStatuses", List.of("New", "Pending", "In Progress", "Sent", "Opened",
                    "Accepted", "Rejected", "Expired", "Archived"),
            "BackOfficeRequestStatuses", List.of("New", "Pending walk-through", "Move to Quoting",
                    "Expired", "Archived", "Canceled", "Converted"),
            "BackOfficeRoleTypes", List.of("Agent", "Homeowner", "Admin", "Provider", "Accounting", "Sales"));

    private static final List<String> TEMPLATE_NAMES = List.of(
            "request-received", "request-assigned", "walkthrough-reminder", "quote-sent", "quote-accepted",
            "project-started", "milestone-completed", "payment-due", "payment-received",
            "project-completed", "comment-posted", "password-reset");

    private final SampleData data;
    private final SampleIds ids;

    SampleItems(SampleData data, SampleIds ids) {
        this.data = data;
        this.ids = ids;
    }

    String id(String model, int index) {
        if (model.equals("UserProfiles")) {
            // Single-table style: the key says what the item is and whose.
            return "USER#" + devSub(index);
        }
        if (model.equals("SecureConfig")) {
            // Config keys are names, not UUIDs; past the real eight, a generation number keeps them unique.
            String name = SECURE_CONFIG_KEYS.get(index % SECURE_CONFIG_KEYS.size());
            int generation = index / SECURE_CONFIG_KEYS.size();
            return generation == 0 ? name : name + ".v" + (generation + 1);
        }
        return ids.id(model, index);
    }

    Map<String, AttributeValue> item(String model, int index) {
        SampleValues v = new SampleValues(ids.random(model, index));
        if (model.startsWith("BackOffice")) {
            return lookup(model, index, v);
        }
        return switch (model) {
            case "Properties" -> property(index, v);
            case "Contacts" -> contact(index, v);
            case "NotificationTemplate" -> notificationTemplate(index, v);
            case "Auth" -> auth(index, v);
            case "AppPreferences" -> appPreference(index, v);
            case "SecureConfig" -> secureConfig(index, v);
            case "UserProfiles" -> userProfile(index, v);
            case "ContactUs" -> contactUs(index, v);
            case "Requests" -> request(index, v);
            case "Affiliates" -> affiliate(index, v);
            case "ContactAuditLog" -> contactAuditLog(index, v);
            case "NotificationQueue" -> notificationQueue(index, v);
            case "EmailSuppressionList" -> emailSuppression(index, v);
            case "Memberships" -> membership(index, v);
            case "eSignatureDocuments" -> signatureDocument(index, v);
            case "PendingAppointments" -> pendingAppointment(index, v);
            case "Projects" -> project(index, v);
            case "Quotes" -> quote(index, v);
            case "ProjectComments" -> projectComment(index, v);
            case "ProjectMilestones" -> projectMilestone(index, v);
            case "ProjectPaymentTerms" -> projectPaymentTerm(index, v);
            case "ProjectPermissions" -> projectPermission(index, v);
            case "QuoteItems" -> quoteItem(index, v);
            default -> throw new IllegalArgumentException("no sample model " + model);
        };
    }

    private Map<String, AttributeValue> property(int index, SampleValues v) {
        City city = v.city();
        String street = v.street();
        String zip = v.zip(city);
        String slug = (street + "-" + city.name()).replace(' ', '-');
        int firstTaxYear = v.between(2019, 2022);
        List<BigDecimal> taxYears = new ArrayList<>();
        for (int year = firstTaxYear; year <= 2024; year++) {
            taxYears.add(BigDecimal.valueOf(year));
        }
        List<byte[]> photoHashes = new ArrayList<>();
        for (int i = v.between(2, 4); i > 0; i--) {
            photoHashes.add(v.bytes(16));
        }
        ItemBuilder item = start("Properties", index)
                .s("propertyFullAddress", street + ", " + city.name() + ", " + city.state() + " " + zip)
                .s("houseAddress", street)
                .s("city", city.name())
                .s("state", city.state())
                .s("zip", zip)
                .s("county", city.county() + " County")
                .n("latitude", v.decimal(city.latitude() - 0.15, city.latitude() + 0.15, 6))
                .n("longitude", v.decimal(city.longitude() - 0.15, city.longitude() + 0.15, 6))
                .n("bedrooms", v.between(1, 6))
                .n("bathrooms", BigDecimal.valueOf(v.between(2, 9)).divide(BigDecimal.valueOf(2)))
                .n("floors", v.between(1, 3))
                .n("sizeSqft", v.between(650, 5200))
                .n("yearBuilt", v.between(1925, 2023))
                .n("lotSizeAcres", v.decimal(0.05, 1.5, 2))
                .n("assessedValue", v.between(350, 3500) * 1000L)
                .s("propertyType", v.oneOf("Single Family", "Single Family", "Condo", "Townhouse", "Multi Family"))
                .put("taxYears", ns(taxYears))
                .put("photoHashes", bs(photoHashes))
                .put("thumbnail", b(v.bytes(v.between(48, 96))))
                .put("highlights", l(
                        s(v.oneOf("Updated kitchen", "Corner lot", "Mountain views", "Walk to downtown")),
                        n(v.between(1, 3)),
                        bool(v.chance(0.5)),
                        nul(),
                        m(new ItemBuilder().n("garageSpaces", v.between(0, 3)).bool("evCharger", v.chance(0.3)))))
                .s("redfinLink", "https://www.redfin.com/" + city.state() + "/" + slug + "/home/" + v.between(1_000_000, 99_999_999))
                .s("zillowLink", "https://www.zillow.com/homedetails/" + slug + "/" + v.between(10_000_000, 99_999_999) + "_zpid/")
                .optional("hoa", index % 3 == 0
                        ? m(new ItemBuilder().s("name", city.name() + " Commons HOA").n("monthlyDues", v.money(90, 650)))
                        : null);
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> contact(int index, SampleValues v) {
        String first = v.firstName();
        String last = v.lastName();
        City city = v.city();
        String role = v.oneOf("agent", "homeowner", "homeowner", "buyer", "vendor");
        ItemBuilder item = start("Contacts", index)
                .s("firstName", first)
                .s("lastName", last)
                .s("fullName", first + " " + last)
                .s("email", v.email(first, last, index))
                .s("phone", v.phone(city))
                .optional("mobile", v.chance(0.6) ? s(v.phone(city)) : null)
                .s("role", role)
                .optional("company", role.equals("agent") ? s(v.company()) : null)
                .bool("isActive", !v.chance(0.08))
                .bool("emailVerified", v.chance(0.85))
                .put("tags", ss(v.distinct(CONTACT_TAGS, v.between(1, 3))))
                .put("preferences", m(new ItemBuilder()
                        .put("contact", m(new ItemBuilder()
                                .bool("email", true)
                                .bool("sms", v.chance(0.4))
                                .put("quietHours", m(new ItemBuilder()
                                        .s("start", v.oneOf("20:00", "21:00", "22:00"))
                                        .s("end", v.oneOf("07:00", "08:00"))
                                        .s("timezone", city.state().equals("CA") ? "America/Los_Angeles" : "America/Chicago")))))
                        .s("language", v.oneOf("en-US", "en-US", "es-US"))
                        .bool("newsletter", v.chance(0.5))))
                .put("mailingAddress", m(new ItemBuilder()
                        .s("street", v.street()).s("city", city.name()).s("state", city.state()).s("zip", v.zip(city))))
                .put("lastContactedAt", v.chance(0.2) ? nul() : s(iso(v.instantMillis())))
                .n("leadScore", v.decimal(0, 100, 1))
                .s("notes", v.text(180))
                .optional("avatarThumbnail", index % 5 == 0 ? b(v.bytes(v.between(32, 64))) : null)
                .optional("referredByContactId", referredBy(index, v));
        return finish(item, v, v.instantMillis());
    }

    private AttributeValue referredBy(int index, SampleValues v) {
        if (index % 9 == 4) {
            return s(ref("Contacts", v));
        }
        if (index % 23 == 7) {
            return nul();
        }
        return index % 31 == 11 ? s("") : null;
    }

    private Map<String, AttributeValue> lookup(String model, int index, SampleValues v) {
        String title = model.equals("BackOfficeAssignTo")
                ? v.firstName() + " " + v.lastName()
                : numbered(LOOKUP_TITLES.get(model), index);
        ItemBuilder item = start(model, index)
                .s("title", title)
                .n("order", index + 1)
                .bool("active", index % 7 != 6)
                .s("color", "#" + v.hex(6))
                .s("description", v.text(220));
        switch (model) {
            case "BackOfficeAssignTo" -> item
                    .s("name", title)
                    .s("email", title.toLowerCase(Locale.ROOT).replace(' ', '.').replace("'", "") + "@realtechee.com")
                    .s("mobile", v.phone(v.city()))
                    .bool("sendEmailNotifications", true)
                    .bool("sendSmsNotifications", v.chance(0.5))
                    .bool("isSalesRep", v.chance(0.4));
            case "BackOfficeBrokerage" -> item
                    .s("website", "https://www." + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + ".com")
                    .n("commissionSplit", v.decimal(0.5, 0.9, 2));
            case "BackOfficeNotifications" -> item
                    .put("channels", ss(v.distinct(List.of("EMAIL", "SMS", "IN_APP", "WEBHOOK"), v.between(1, 3))))
                    .s("audience", v.oneOf("agent", "homeowner", "admin"));
            case "BackOfficeProducts" -> item
                    .n("basePrice", v.money(250, 45_000))
                    .put("tags", ss(List.of("renovation", title.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-"))));
            default -> item.s("key", title.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]+", "_"));
        }
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> notificationTemplate(int index, SampleValues v) {
        String name = numbered(TEMPLATE_NAMES, index);
        String body = v.text(420);
        ItemBuilder item = start("NotificationTemplate", index)
                .s("name", name)
                .s("subject", "RealTechee: " + name.replace('-', ' '))
                .s("channel", v.oneOf("EMAIL", "EMAIL", "SMS"))
                .s("contentHtml", "<html><body><p>Hi {{firstName}},</p><p>" + body
                        + "</p><p>Project: {{projectTitle}}</p></body></html>")
                .s("contentText", "Hi {{firstName}}, " + body.substring(0, 160))
                .put("variables", ss(List.of("firstName", "projectTitle", "link")))
                .bool("isActive", index % 6 != 5)
                .n("templateVersion", v.between(1, 7));
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> auth(int index, SampleValues v) {
        String first = v.firstName();
        String last = v.lastName();
        ItemBuilder item = start("Auth", index)
                .s("email", v.email(first, last, index))
                .s("passwordHash", "$2b$10$" + v.hex(53))
                .s("lastLoginAt", iso(v.instantMillis()))
                .n("failedAttempts", v.between(0, 3))
                .bool("mfaEnabled", v.chance(0.3))
                .put("mfaSecret", b(v.bytes(20)))
                .put("roles", ss(v.distinct(List.of("admin", "agent", "homeowner", "accounting"), v.between(1, 2))))
                .put("sessions", l(m(new ItemBuilder()
                        .s("device", v.oneOf("Chrome on macOS", "Safari on iOS", "Edge on Windows"))
                        .s("ip", "198.51.100." + v.between(1, 254))
                        .s("expiresAt", iso(v.instantMillis())))))
                .s("notes", v.text(260));
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> appPreference(int index, SampleValues v) {
        String key = numbered(List.of("theme.default", "quotes.defaultTaxRate", "quotes.validityDays",
                "requests.autoAssign", "notifications.digestHour", "projects.galleryLimit",
                "maps.defaultZoom", "uploads.maxSizeMb", "payments.provider", "support.email"), index);
        ItemBuilder item = start("AppPreferences", index)
                .s("key", key)
                .s("value", v.oneOf("light", "0.0825", "30", "true", "7", "48", "12", "25", "stripe"))
                .s("category", key.substring(0, key.indexOf('.')))
                .s("environment", "development")
                .s("description", v.text(200))
                // Dev-only knobs; the plan removes them on the way to production.
                .put("devOverrides", m(new ItemBuilder()
                        .s("apiBaseUrl", "http://localhost:3000")
                        .bool("verboseLogging", true)
                        .bool("mockPayments", v.chance(0.7))));
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> secureConfig(int index, SampleValues v) {
        long created = v.instantMillis();
        return new ItemBuilder()
                .s("key", id("SecureConfig", index))
                .s("value", "enc:v1:" + v.hex(96))
                .s("environment", "development")
                .s("description", v.text(240))
                .n("rotationDays", v.oneOf(30L, 90L, 180L))
                .s("rotatedAt", iso(v.laterMillis(created, 200)))
                .s("createdBy", "ops@realtechee.com")
                .s("createdAt", iso(created))
                .s("updatedAt", iso(v.laterMillis(created, 300)))
                .build();
    }

    private Map<String, AttributeValue> userProfile(int index, SampleValues v) {
        String first = v.firstName();
        String last = v.lastName();
        City city = v.city();
        ItemBuilder item = new ItemBuilder()
                .s("PK", id("UserProfiles", index))
                .s("__typename", "UserProfiles")
                .s("displayName", first + " " + last)
                .s("email", v.email(first, last, index))
                .s("role", v.oneOf(LOOKUP_TITLES.get("BackOfficeRoleTypes")))
                .s("timezone", city.state().equals("CA") ? "America/Los_Angeles" : "America/Chicago")
                .s("bio", v.text(220))
                .put("notifications", m(new ItemBuilder().bool("email", true).bool("sms", v.chance(0.3))
                        .s("digest", v.oneOf("daily", "weekly", "never"))));
        // A profile belongs to its own user.
        return finish(item, v, v.instantMillis(), index);
    }

    private Map<String, AttributeValue> contactUs(int index, SampleValues v) {
        String first = v.firstName();
        String last = v.lastName();
        City city = v.city();
        long submitted = v.instantMillis();
        ItemBuilder item = start("ContactUs", index)
                .s("name", first + " " + last)
                .s("email", v.email(first, last, index))
                .s("phone", v.phone(city))
                .s("subject", v.oneOf("General inquiry", "Partnership", "Press", "Support", "Quote follow-up"))
                .s("product", v.oneOf(PRODUCTS))
                .s("message", v.text(380))
                .s("formType", "contactUs")
                .s("status", v.oneOf("new", "in-progress", "answered", "closed"))
                .s("submissionTime", iso(submitted))
                .put("contactId", index % 10 == 3 ? nul() : s(ref("Contacts", v)))
                .optional("addressId", index % 4 == 1 ? null : s(ref("Properties", v)));
        return finish(item, v, submitted);
    }

    private Map<String, AttributeValue> request(int index, SampleValues v) {
        long created = v.instantMillis();
        List<AttributeValue> media = new ArrayList<>();
        for (int i = v.between(0, 3); i > 0; i--) {
            media.add(s("https://uploads.realtechee.com/requests/" + v.uuid() + ".jpg"));
        }
        ItemBuilder item = start("Requests", index)
                .s("status", v.oneOf(LOOKUP_TITLES.get("BackOfficeRequestStatuses")))
                .s("product", v.oneOf(PRODUCTS))
                .s("message", v.text(260))
                .s("relationToProperty", v.oneOf("Agent", "Homeowner", "Buyer", "Property Manager"))
                .bool("needFinance", v.chance(0.25))
                .s("rtDigitalSelection", v.oneOf("upfront", "no-fee", "partner"))
                .s("leadSource", v.oneOf("website", "referral", "instagram", "google", "partner-agent"))
                .s("budget", v.oneOf("Under $10,000", "$10,000 - $25,000", "$25,000 - $50,000", "$50,000 - $100,000", "$100,000+"))
                .s("assignedTo", v.firstName() + " " + v.lastName())
                .s("assignedDate", iso(v.laterMillis(created, 3)))
                .put("uploadedMedia", l(media))
                .s("requestedVisitDateTime", iso(v.laterMillis(created, 14)))
                .put("visitDate", v.chance(0.3) ? nul() : s(iso(v.laterMillis(created, 21))))
                .s("officeNotes", v.sentence());
        int orphan = spreadOrdinal(index, data.count("Requests"), SampleData.ORPHAN_REQUEST_AGENT_CONTACTS);
        if (orphan >= 0) {
            item.s("agentContactId", ids.orphanId("Contacts", orphan));
        } else if (index % 13 != 5) {
            item.s("agentContactId", ref("Contacts", v));
        }
        if (index % 11 == 2) {
            item.s("homeownerContactId", "");
        } else if (index % 17 == 3) {
            item.nul("homeownerContactId");
        } else if (index % 5 != 4) {
            item.s("homeownerContactId", ref("Contacts", v));
        }
        item.put("addressId", index % 19 == 6 ? nul() : s(ref("Properties", v)));
        return finish(item, v, created);
    }

    private Map<String, AttributeValue> affiliate(int index, SampleValues v) {
        City city = v.city();
        String company = v.lastName() + " " + v.oneOf("Construction", "Painting", "Plumbing", "Electric", "Landscaping", "Cleaning");
        ItemBuilder item = start("Affiliates", index)
                .s("company", company)
                .s("serviceName", v.oneOf(PRODUCTS))
                .s("email", "office@" + company.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + ".com")
                .s("phone", v.phone(city))
                .s("license", city.state() + "-" + v.between(100_000, 999_999))
                .bool("workersCompensationInsurance", v.chance(0.8))
                .bool("qualifier", v.chance(0.5))
                .n("ratingAverage", v.decimal(3, 5, 1))
                .put("certifications", ss(v.distinct(List.of("EPA Lead-Safe", "OSHA 30", "NARI CR", "LEED Green Associate"), v.between(1, 2))))
                .put("serviceAreas", l(s(city.name()), s(city.county() + " County")))
                .s("notes", v.text(200))
                .optional("contactId", index % 8 == 5 ? null : s(ref("Contacts", v)))
                .put("addressId", index % 6 == 2 ? s("") : s(ref("Properties", v)));
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> contactAuditLog(int index, SampleValues v) {
        String field = v.oneOf("email", "phone", "lastName", "role");
        ItemBuilder item = start("ContactAuditLog", index)
                .s("contactId", ref("Contacts", v))
                .s("action", v.oneOf("create", "update", "update", "merge", "unsubscribe"))
                .s("changedBy", owner(v))
                .put("changes", m(new ItemBuilder().put(field, m(new ItemBuilder()
                        .put("old", v.chance(0.3) ? nul() : s(v.words(2)))
                        .s("new", v.words(2))
                        .put("meta", m(new ItemBuilder().s("source", v.oneOf("admin-ui", "import", "api")).n("confidence", v.decimal(0, 1, 2))))))))
                .s("ip", "203.0.113." + v.between(1, 254))
                .s("userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15")
                .s("reason", v.text(120));
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> notificationQueue(int index, SampleValues v) {
        long scheduled = v.instantMillis();
        List<AttributeValue> recipients = new ArrayList<>();
        for (int i = v.between(1, 4); i > 0; i--) {
            recipients.add(s(ref("Contacts", v)));
        }
        // Lists keep NULL and "" elements and duplicates through a migration; these cover that.
        if (index % 10 == 3) {
            recipients.add(nul());
        }
        if (index % 10 == 6) {
            recipients.add(s(""));
        }
        if (index % 25 == 0) {
            recipients.add(recipients.get(0));
        }
        String status = v.oneOf("PENDING", "SENT", "SENT", "FAILED", "RETRYING");
        ItemBuilder item = start("NotificationQueue", index)
                .s("templateId", ref("NotificationTemplate", v))
                .put("recipientIds", l(recipients))
                .s("channel", v.oneOf("EMAIL", "SMS", "IN_APP"))
                .s("status", status)
                .n("scheduledAt", scheduled)
                .n("priority", v.between(1, 5))
                .n("retryCount", status.equals("RETRYING") ? v.between(1, 4) : 0)
                .put("payload", m(new ItemBuilder()
                        .s("subject", v.sentence())
                        .put("variables", m(new ItemBuilder()
                                .s("firstName", v.firstName())
                                .s("projectTitle", v.street())
                                .put("links", m(new ItemBuilder().s("portal", "https://app.realtechee.com/p/" + v.hex(12))))))
                        .put("attachments", l(s("quote.pdf"), n(v.between(10_000, 900_000))))))
                .put("sentAt", status.equals("SENT") ? s(iso(v.laterMillis(scheduled, 1))) : nul())
                .optional("errorMessage", status.equals("FAILED") ? s("550 5.1.1 Recipient address rejected") : null);
        return finish(item, v, scheduled - 60_000);
    }

    private Map<String, AttributeValue> emailSuppression(int index, SampleValues v) {
        String first = v.firstName();
        String last = v.lastName();
        ItemBuilder item = start("EmailSuppressionList", index)
                .s("email", v.email(first, last, index))
                .s("reason", v.oneOf("BOUNCE", "COMPLAINT", "UNSUBSCRIBE", "MANUAL"))
                .s("source", v.oneOf("ses", "sendgrid", "admin-ui"))
                .s("suppressedAt", iso(v.instantMillis()))
                .put("bounceDetails", m(new ItemBuilder()
                        .s("type", v.oneOf("Permanent", "Transient"))
                        .s("subType", v.oneOf("General", "NoEmail", "MailboxFull"))
                        .s("diagnostic", "smtp; 550 5.1.1 user unknown")))
                .s("notes", v.text(260))
                .optional("contactId", index % 5 == 2 ? null : s(ref("Contacts", v)));
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> membership(int index, SampleValues v) {
        long start = v.instantMillis();
        ItemBuilder item = start("Memberships", index)
                .s("contactId", ref("Contacts", v))
                .s("plan", v.oneOf("Agent Basic", "Agent Pro", "Brokerage Team"))
                .s("status", v.oneOf("active", "active", "past_due", "canceled"))
                .s("startDate", iso(start))
                .s("renewsAt", iso(v.laterMillis(start, 365)))
                .n("seats", v.between(1, 12))
                .n("monthlyPrice", v.money(29, 499))
                .s("notes", v.text(200));
        if (index % 7 != 3) {
            ItemBuilder billing = new ItemBuilder();
            if (index % 9 == 4) {
                billing.nul("addressId");
            } else if (index % 11 != 5) {
                billing.s("addressId", ref("Properties", v));
            }
            billing.s("cardBrand", v.oneOf("visa", "mastercard", "amex"))
                    .s("last4", String.format("%04d", v.below(10_000)))
                    .bool("autoRenew", v.chance(0.8))
                    .put("invoices", l(m(new ItemBuilder()
                            .s("number", "INV-" + v.between(10_000, 99_999))
                            .n("amount", v.money(29, 499))
                            .bool("paid", v.chance(0.9)))));
            item.put("billing", m(billing));
        }
        return finish(item, v, start);
    }

    private Map<String, AttributeValue> signatureDocument(int index, SampleValues v) {
        long sent = v.instantMillis();
        ItemBuilder item = start("eSignatureDocuments", index)
                .s("title", v.oneOf("Service Agreement", "Change Order", "Lien Waiver", "Listing Addendum"))
                .s("status", v.oneOf("sent", "delivered", "completed", "voided"))
                .s("provider", "DocuSign")
                .s("envelopeId", v.uuid())
                .put("documentHash", b(v.bytes(32)))
                .n("pageCount", v.between(2, 24))
                .s("sentAt", iso(sent))
                .put("signedAt", v.chance(0.4) ? nul() : s(iso(v.laterMillis(sent, 10))))
                .s("message", v.text(240))
                .s("propertyId", ref("Properties", v));
        if (index % 10 != 7) {
            List<String> signers = new ArrayList<>();
            for (int i = v.between(1, 3); signers.size() < i; ) {
                String signer = ref("Contacts", v);
                if (!signers.contains(signer)) {
                    signers.add(signer);
                }
            }
            item.put("signerContactIds", ss(signers));
        }
        return finish(item, v, sent);
    }

    private Map<String, AttributeValue> pendingAppointment(int index, SampleValues v) {
        long starts = v.instantMillis();
        int minutes = v.oneOf(30, 45, 60, 90);
        List<AttributeValue> attendees = new ArrayList<>();
        if (index % 15 != 7) {
            for (int i = v.between(1, 3); i > 0; i--) {
                attendees.add(m(new ItemBuilder()
                        .s("contactId", ref("Contacts", v))
                        .s("role", v.oneOf("agent", "homeowner", "provider"))
                        .bool("confirmed", v.chance(0.6))));
            }
        }
        if (index % 6 == 1) {
            attendees.add(m(new ItemBuilder()
                    .s("name", v.firstName() + " " + v.lastName())
                    .s("email", "guest" + index + "@example.com")
                    .s("role", "guest")));
        }
        if (index % 8 == 3) {
            attendees.add(m(new ItemBuilder().nul("contactId").s("role", "agent").bool("confirmed", false)));
        }
        ItemBuilder item = start("PendingAppointments", index)
                .s("title", v.oneOf("Walk-through", "Estimate visit", "Final inspection", "Design consult"))
                .s("startsAt", iso(starts))
                .s("endsAt", iso(starts + minutes * 60_000L))
                .n("durationMinutes", minutes)
                .put("attendees", l(attendees))
                .put("location", m(new ItemBuilder().s("type", "onsite").s("accessNotes", v.sentence())))
                .bool("reminderSent", v.chance(0.5))
                .s("notes", v.text(220))
                .put("addressId", index % 12 == 5 ? nul() : s(ref("Properties", v)));
        return finish(item, v, starts - v.between(1, 10) * 86_400_000L);
    }

    private Map<String, AttributeValue> project(int index, SampleValues v) {
        City city = v.city();
        long created = v.instantMillis();
        List<AttributeValue> gallery = new ArrayList<>();
        for (int i = v.between(1, 3); i > 0; i--) {
            gallery.add(m(new ItemBuilder()
                    .s("url", "https://uploads.realtechee.com/projects/" + v.hex(16) + ".jpg")
                    .s("caption", v.words(3))
                    .bool("isCover", i == 1)));
        }
        ItemBuilder item = start("Projects", index)
                .s("title", v.street() + ", " + city.name())
                .s("status", v.oneOf(LOOKUP_TITLES.get("BackOfficeProjectStatuses")))
                .s("description", v.text(220))
                .s("brokerage", v.company())
                .put("selectedProducts", l(s(v.oneOf(PRODUCTS)), s(v.oneOf(PRODUCTS))))
                .n("budget", v.between(5, 250) * 1000L)
                .n("contractValue", v.money(4_000, 240_000))
                .n("estimatedWeeks", v.between(1, 26))
                .n("ledgerSequence", new BigDecimal(index == 0 ? SampleData.LARGEST_NUMBER : digits(v, 38)))
                .put("permitNumbers", ss(List.of("BLD-" + v.between(2023, 2025) + "-" + v.between(10_000, 99_999))))
                .put("gallery", l(gallery))
                .bool("isPublic", v.chance(0.3))
                .put("closedAt", v.chance(0.5) ? nul() : s(iso(v.laterMillis(created, 180))));
        if (index % 10 != 9) {
            item.s("agentContactId", ref("Contacts", v));
        }
        if (index % 12 != 11) {
            item.s("homeownerContactId", ref("Contacts", v));
        }
        if (index % 5 == 1) {
            item.s("homeowner2ContactId", ref("Contacts", v));
        } else if (index % 7 == 2) {
            item.nul("homeowner2ContactId");
        } else if (index % 9 == 4) {
            item.s("homeowner2ContactId", "");
        }
        if (index % 11 == 3) {
            item.s("homeowner3ContactId", ref("Contacts", v));
        } else if (index % 13 == 5) {
            item.s("homeowner3ContactId", "");
        } else if (index % 17 == 8) {
            item.nul("homeowner3ContactId");
        }
        int orphan = spreadOrdinal(index, data.count("Projects"), SampleData.ORPHAN_PROJECT_ADDRESSES);
        item.s("addressId", orphan >= 0 ? ids.orphanId("Properties", orphan) : ref("Properties", v));
        if (index % 6 != 5) {
            item.s("requestId", ref("Requests", v));
        }
        return finish(item, v, created);
    }

    private Map<String, AttributeValue> quote(int index, SampleValues v) {
        BigDecimal labor = v.money(1_000, 60_000);
        BigDecimal materials = v.money(500, 40_000);
        ItemBuilder item = start("Quotes", index)
                .s("projectId", data.id("Projects", projectOfQuote(index)))
                .n("quoteNumber", 10_000 + index)
                .s("title", v.oneOf(PRODUCTS) + " quote")
                .s("status", v.oneOf(LOOKUP_TITLES.get("BackOfficeQuoteStatuses")))
                .n("totalPrice", labor.add(materials))
                .n("discount", v.oneOf(BigDecimal.ZERO, new BigDecimal("0.05"), new BigDecimal("0.1")))
                .n("taxRate", v.oneOf(new BigDecimal("0.0825"), new BigDecimal("0.0725"), new BigDecimal("0.065")))
                .put("priceBreakdown", m(new ItemBuilder()
                        .n("labor", labor)
                        .n("materials", materials)
                        .put("adjustments", l(m(new ItemBuilder().s("reason", "Permit fees").n("amount", v.money(100, 2_500)))))))
                .bool("operationManagerApproved", v.chance(0.6))
                .bool("signed", v.chance(0.4))
                .s("validUntil", iso(v.instantMillis()))
                .s("pdfUrl", "https://uploads.realtechee.com/quotes/" + v.hex(20) + ".pdf")
                .s("notes", v.text(150))
                .s("agentContactId", ref("Contacts", v))
                .put("homeownerContactId", index % 9 == 2 ? nul() : s(ref("Contacts", v)))
                .optional("addressId", index % 14 == 6 ? null : s(ref("Properties", v)));
        // @index(name: "byAgentProject", sortKeyFields: ["projectId", "createdAt"]) on agentContactId: Amplify keeps the
        // composite sort key in an attribute of its own.
        long created = v.instantMillis();
        item.s("projectId#createdAt", data.id("Projects", projectOfQuote(index)) + "#" + iso(created));
        return finish(item, v, created);
    }

    private Map<String, AttributeValue> projectComment(int index, SampleValues v) {
        List<AttributeValue> files = new ArrayList<>();
        for (int i = v.between(0, 2); i > 0; i--) {
            files.add(s("https://uploads.realtechee.com/comments/" + v.hex(16) + ".png"));
        }
        ItemBuilder item = start("ProjectComments", index)
                .s("projectId", ref("Projects", v))
                .s("comment", v.text(300))
                .bool("isPrivate", v.chance(0.2))
                .s("nickname", v.firstName())
                .s("postedByProfileImage", "https://uploads.realtechee.com/avatars/" + v.hex(12) + ".jpg")
                .put("files", l(files))
                .put("reactions", m(new ItemBuilder().n("like", v.between(0, 9)).n("heart", v.between(0, 3))));
        return softDeleted(finish(item, v, v.instantMillis()), "ProjectComments", index, SampleData.SOFT_DELETED_PROJECT_COMMENTS);
    }

    private Map<String, AttributeValue> projectMilestone(int index, SampleValues v) {
        ItemBuilder item = start("ProjectMilestones", index)
                .s("projectId", ref("Projects", v))
                .s("name", v.oneOf("Walk-through", "Quote approved", "Demolition", "Rough-in", "Inspection", "Finishes", "Final walk-through"))
                .s("description", v.text(260))
                .n("order", v.between(1, 12))
                .bool("isComplete", v.chance(0.5))
                .bool("isCategory", v.chance(0.1))
                .bool("isInternal", v.chance(0.2))
                .s("estimatedDate", iso(v.instantMillis()))
                .put("checklist", l(
                        m(new ItemBuilder().s("task", v.words(3)).bool("done", v.chance(0.5))),
                        m(new ItemBuilder().s("task", v.words(3)).bool("done", v.chance(0.5)))));
        return softDeleted(finish(item, v, v.instantMillis()), "ProjectMilestones", index, SampleData.SOFT_DELETED_PROJECT_MILESTONES);
    }

    private Map<String, AttributeValue> projectPaymentTerm(int index, SampleValues v) {
        ItemBuilder item = start("ProjectPaymentTerms", index)
                .s("projectId", ref("Projects", v))
                .s("type", v.oneOf("deposit", "progress", "final"))
                .s("paymentName", v.oneOf("Deposit", "Progress payment", "Materials", "Final payment"))
                .n("paymentAmount", v.money(500, 50_000))
                .s("paymentDue", iso(v.instantMillis()))
                .s("description", v.text(260))
                .bool("paid", v.chance(0.5))
                .n("order", v.between(1, 6))
                .bool("isCategory", false)
                .bool("internal", v.chance(0.1))
                .optional("invoiceRefs", v.chance(0.5) ? ss(List.of("INV-" + v.between(10_000, 99_999))) : null);
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> projectPermission(int index, SampleValues v) {
        List<AttributeValue> viewers = new ArrayList<>();
        for (int i = v.between(1, 4); i > 0; i--) {
            viewers.add(s(ref("Contacts", v)));
        }
        if (index % 6 == 2) {
            viewers.add(nul());
        }
        if (index % 6 == 4) {
            viewers.add(s(""));
        }
        ItemBuilder item = start("ProjectPermissions", index)
                .s("projectId", ref("Projects", v))
                .put("viewerContactIds", l(viewers))
                .put("permissions", m(new ItemBuilder()
                        .put("roles", m(new ItemBuilder()
                                .put("viewer", m(new ItemBuilder().bool("canView", true).bool("canComment", v.chance(0.5)).bool("canDownload", v.chance(0.3))))
                                .put("editor", m(new ItemBuilder().bool("canView", true).bool("canComment", true).bool("canDownload", true)))))
                        .put("expiresAt", v.chance(0.5) ? nul() : s(iso(v.instantMillis())))))
                .s("grantedBy", owner(v))
                .s("note", v.text(200));
        return finish(item, v, v.instantMillis());
    }

    private Map<String, AttributeValue> quoteItem(int index, SampleValues v) {
        int orphan = spreadOrdinal(index, data.count("QuoteItems"), SampleData.ORPHAN_QUOTE_ITEM_QUOTES);
        int quote = v.below(data.count("Quotes"));
        // An item belongs to its quote's project; an orphaned item still names a real project.
        String projectId = orphan >= 0 ? ref("Projects", v) : data.id("Projects", projectOfQuote(quote));
        String quoteId = orphan >= 0 ? ids.orphanId("Quotes", orphan) : data.id("Quotes", quote);
        int quantity = v.between(1, 40);
        BigDecimal unitPrice = v.money(5, 2_500);
        BigDecimal cost = unitPrice.multiply(BigDecimal.valueOf(quantity));
        ItemBuilder item = start("QuoteItems", index)
                .s("projectId", projectId)
                .s("quoteId", quoteId)
                .s("itemName", v.words(2))
                .s("description", v.text(220))
                .s("unit", v.oneOf("ea", "sqft", "lf", "hr"))
                .n("quantity", quantity)
                .n("unitPrice", unitPrice)
                .n("cost", cost)
                .n("margin", v.oneOf(new BigDecimal("0.25"), new BigDecimal("0.3"), new BigDecimal("0.35")))
                .n("order", v.between(1, 30))
                .bool("itemCompleted", v.chance(0.3))
                .bool("isCategory", v.chance(0.1))
                .s("parentStatusImage", "https://uploads.realtechee.com/status/" + v.hex(8) + ".svg");
        return finish(item, v, v.instantMillis());
    }

    private int projectOfQuote(int quote) {
        return ids.pick("Quotes", quote, "project", data.count("Projects"));
    }

    private String ref(String model, SampleValues v) {
        return data.id(model, v.below(data.count(model)));
    }

    /**
     * The ordinal of this index among {@code chosen} indexes spread evenly over {@code count} (a deliberate orphan, a
     * soft-deleted row), else -1. They are distinct whenever {@code count > chosen}.
     */
    static int spreadOrdinal(int index, int count, int chosen) {
        for (int ordinal = 0; ordinal < chosen; ordinal++) {
            if (index == (int) ((ordinal + 1L) * count / (chosen + 1))) {
                return ordinal;
            }
        }
        return -1;
    }

    private ItemBuilder start(String model, int index) {
        return new ItemBuilder().s("id", id(model, index)).s("__typename", model);
    }

    /** Amplify's bookkeeping: timestamps, owner auth (one of the users) and the DataStore conflict-detection fields. */
    private Map<String, AttributeValue> finish(ItemBuilder item, SampleValues v, long createdMillis) {
        return finish(item, v, createdMillis, -1);
    }

    /** {@code user}: the owner, or -1 for one drawn from the item's random source. */
    private Map<String, AttributeValue> finish(ItemBuilder item, SampleValues v, long createdMillis, int user) {
        long updated = v.laterMillis(createdMillis, 90);
        return item.s("createdAt", iso(createdMillis))
                .s("updatedAt", iso(updated))
                .s("owner", user < 0 ? owner(v) : owner(user))
                .n("_version", v.between(1, 5))
                .n("_lastChangedAt", updated)
                .build();
    }

    /**
     * The item as a DataStore client's delete leaves it when it is one of the table's {@code count} soft-deleted rows:
     * {@code _deleted: true}, and the time to live (seconds, 30 days after the change) at which DynamoDB removes it.
     */
    private Map<String, AttributeValue> softDeleted(Map<String, AttributeValue> item, String model, int index, int count) {
        if (spreadOrdinal(index, data.count(model), count) < 0) {
            return item;
        }
        long changed = Long.parseLong(item.get("_lastChangedAt").n());
        return new ItemBuilder().putAll(item)
                .bool("_deleted", true)
                .n("_ttl", changed / 1000 + 30 * 86_400L)
                .build();
    }

    /** Owner auth stores "sub::username"; the sample's pools sign users in by email, so the username is the sub. */
    private String owner(SampleValues v) {
        return owner(v.below(data.userCount()));
    }

    private String owner(int user) {
        String sub = devSub(user);
        return sub + "::" + sub;
    }

    private String devSub(int user) {
        return ids.id("CognitoUser", user);
    }

    private static String numbered(List<String> names, int index) {
        String name = names.get(index % names.size());
        int round = index / names.size();
        return round == 0 ? name : name + " " + (round + 1);
    }

    private static String digits(SampleValues v, int count) {
        StringBuilder digits = new StringBuilder().append(v.between(1, 9));
        while (digits.length() < count) {
            digits.append(v.below(10));
        }
        return digits.toString();
    }
}
