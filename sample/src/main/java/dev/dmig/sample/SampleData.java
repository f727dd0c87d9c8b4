package dev.dmig.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sample Amplify app's dev data, generated deterministically: the same seed and scale give
 * byte-identical items on every run. Items are computed on demand from (seed, model, index), so
 * {@link #items(String)} streams benchmark volumes without holding them in memory.
 *
 * <p>Every reference resolves to a generated item of the referenced model, except the deliberate
 * orphans listed in {@link #orphans()}, whose numbers do not change with the scale. Items are owned by the
 * app's {@link #USERS} users, each with a sub in the dev user pool and another in the prod one
 * ({@link #users()}); the soft-deleted DataStore rows of {@link #softDeleted()} are as many at every scale.
 */
public final class SampleData {

    public static final long DEFAULT_SEED = 20_250_630L;

    /** Requests whose {@code agentContactId} names no Contact. */
    public static final int ORPHAN_REQUEST_AGENT_CONTACTS = 3;
    /** QuoteItems whose {@code quoteId} names no Quote. */
    public static final int ORPHAN_QUOTE_ITEM_QUOTES = 2;
    /** Projects whose {@code addressId} names no Property. */
    public static final int ORPHAN_PROJECT_ADDRESSES = 1;

    /** ProjectComments deleted by a DataStore client: {@code _deleted: true}, kept for clients' sync. */
    public static final int SOFT_DELETED_PROJECT_COMMENTS = 4;
    /** ProjectMilestones deleted by a DataStore client. */
    public static final int SOFT_DELETED_PROJECT_MILESTONES = 3;

    /** The app's Cognito users: one {@code UserProfiles} item each, and the owners of every other item. */
    public static final int USERS = 12;

    /** Stored on the first Project as {@code ledgerSequence}: DynamoDB's full 38-digit precision. */
    public static final String LARGEST_NUMBER = "12345678901234567890123456789012345678";

    /** A reference path that deliberately holds {@code count} unresolvable values. */
    public record OrphanReference(String model, String path, String referencedModel, int count) {
    }

    private static final List<OrphanReference> ORPHANS = List.of(
            new OrphanReference("Requests", "agentContactId", "Contacts", ORPHAN_REQUEST_AGENT_CONTACTS),
            new OrphanReference("QuoteItems", "quoteId", "Quotes", ORPHAN_QUOTE_ITEM_QUOTES),
            new OrphanReference("Projects", "addressId", "Properties", ORPHAN_PROJECT_ADDRESSES));

    /** A table whose soft-deleted rows ({@code _deleted: true}) are {@code count}; nothing refers to them. */
    public record SoftDeleted(String model, int count) {
    }

    private static final List<SoftDeleted> SOFT_DELETED = List.of(
            new SoftDeleted("ProjectComments", SOFT_DELETED_PROJECT_COMMENTS),
            new SoftDeleted("ProjectMilestones", SOFT_DELETED_PROJECT_MILESTONES));

    /** One of the app's users: their sub in the dev user pool and in the prod one (each pool gives its own). */
    public record User(String devSub, String prodSub) {
    }

    /** Items per table at scale 1: about the volume of RealTechee's dev environment. */
    private static final Map<String, Integer> BASE_COUNTS = baseCounts();

    /** Below this, list and set references could not pick distinct targets. */
    private static final int MIN_COUNT = 5;

    private final long seed;
    private final double scale;
    private final int users;
    private final Map<String, Integer> counts;
    private final SampleIds ids;
    private final SampleItems items;

    public SampleData(long seed, double scale) {
        this(seed, scale, USERS);
    }

    private SampleData(long seed, double scale, int users) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, was " + scale);
        }
        if (users < 1) {
            throw new IllegalArgumentException("the sample app needs at least one user, was " + users);
        }
        this.seed = seed;
        this.scale = scale;
        this.users = users;
        Map<String, Integer> scaled = new LinkedHashMap<>();
        // A profile per user: the users are as many at every scale.
        BASE_COUNTS.forEach((model, base) -> scaled.put(model, model.equals("UserProfiles") ? users
                : Math.max(MIN_COUNT, (int) Math.round(base * scale))));
        this.counts = Collections.unmodifiableMap(scaled);
        this.ids = new SampleIds(seed);
        this.items = new SampleItems(this, ids);
    }

    /** The demo data set: default seed, scale 1 (about 4,100 items). */
    public static SampleData standard() {
        return new SampleData(DEFAULT_SEED, 1.0);
    }

    public static SampleData scaled(double scale) {
        return new SampleData(DEFAULT_SEED, scale);
    }

    /** A data set of roughly {@code items} items in all, for benchmarks (e.g. 100,000). */
    public static SampleData withAbout(long items) {
        return scaled((double) items / baseTotal());
    }

    /**
     * The same data with {@code users} users in place of {@link #USERS} (the benchmark's whole app has hundreds): a
     * profile each, and the owners of every other item drawn among them. The other tables' counts do not change.
     */
    public SampleData withUsers(int users) {
        return new SampleData(seed, scale, users);
    }

    /** How many users the app has: {@link #USERS} unless {@link #withUsers} said otherwise. */
    public int userCount() {
        return users;
    }

    public long seed() {
        return seed;
    }

    public double scale() {
        return scale;
    }

    /** Every model, parents before children (the order of {@link SampleSchema#tables()}). */
    public List<String> models() {
        return List.copyOf(counts.keySet());
    }

    public Map<String, Integer> counts() {
        return counts;
    }

    public int count(String model) {
        Integer count = counts.get(model);
        if (count == null) {
            throw new IllegalArgumentException("no sample model " + model);
        }
        return count;
    }

    public long totalItems() {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** The source ID (the {@code idAttribute} value) of a model's item at an index. */
    public String id(String model, int index) {
        if (index < 0 || index >= count(model)) {
            throw new IndexOutOfBoundsException(model + " has " + count(model) + " items, no index " + index);
        }
        return items.id(model, index);
    }

    public Map<String, AttributeValue> item(String model, int index) {
        if (index < 0 || index >= count(model)) {
            throw new IndexOutOfBoundsException(model + " has " + count(model) + " items, no index " + index);
        }
        return items.item(model, index);
    }

    /** A lazy, ordered stream of the model's items; safe to consume more than once. */
    public Stream<Map<String, AttributeValue>> items(String model) {
        return IntStream.range(0, count(model)).mapToObj(index -> items.item(model, index));
    }

    /** The deliberate orphans, the same at every scale. */
    public static List<OrphanReference> orphans() {
        return ORPHANS;
    }

    /** The soft-deleted rows per table, the same at every scale. */
    public static List<SoftDeleted> softDeleted() {
        return SOFT_DELETED;
    }

    /** The soft-deleted rows of {@code model}: 0 for most tables. */
    public static int softDeleted(String model) {
        return SOFT_DELETED.stream().filter(s -> s.model().equals(model)).mapToInt(SoftDeleted::count).sum();
    }

    /** The app's users, in order; {@code sample/identities.csv} pairs them as listed here. */
    public List<User> users() {
        return IntStream.range(0, users).mapToObj(user -> new User(ids.id("CognitoUser", user), ids.id("CognitoUserProd", user)))
                .toList();
    }

    private static long baseTotal() {
        return BASE_COUNTS.values().stream().mapToLong(Integer::longValue).sum();
    }

    private static Map<String, Integer> baseCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("Properties", 250);
        counts.put("Contacts", 300);
        counts.put("BackOfficeAssignTo", 12);
        counts.put("BackOfficeBookingStatuses", 8);
        counts.put("BackOfficeBrokerage", 20);
        counts.put("BackOfficeNotifications", 15);
        counts.put("BackOfficeProducts", 18);
        counts.put("BackOfficeProjectStatuses", 10);
        counts.put("BackOfficeQuoteStatuses", 9);
        counts.put("BackOfficeRequestStatuses", 7);
        counts.put("BackOfficeRoleTypes", 6);
        counts.put("NotificationTemplate", 12);
        counts.put("Auth", 20);
        counts.put("AppPreferences", 10);
        counts.put("SecureConfig", 8);
        counts.put("UserProfiles", USERS);
        counts.put("ContactUs", 120);
        counts.put("Requests", 400);
        counts.put("Affiliates", 60);
        counts.put("ContactAuditLog", 200);
        counts.put("NotificationQueue", 150);
        counts.put("EmailSuppressionList", 50);
        counts.put("Memberships", 80);
        counts.put("eSignatureDocuments", 90);
        counts.put("PendingAppointments", 70);
        counts.put("Projects", 150);
        counts.put("Quotes", 250);
        counts.put("ProjectComments", 300);
        counts.put("ProjectMilestones", 240);
        counts.put("ProjectPaymentTerms", 180);
        counts.put("ProjectPermissions", 150);
        counts.put("QuoteItems", 900);
        if (!List.copyOf(counts.keySet()).equals(SampleSchema.models())) {
            throw new IllegalStateException("sample counts and sample schema list different models");
        }
        return Collections.unmodifiableMap(counts);
    }
}
