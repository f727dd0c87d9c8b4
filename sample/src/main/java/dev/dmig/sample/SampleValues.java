package dev.dmig.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Realistic-looking values drawn from one item's random source. {@link Random} is used because
 * its algorithm is fixed by its specification, so a seed gives the same values on every JVM.
 */
final class SampleValues {

    /** Amplify's AWSDateTime as the JavaScript clients write it: always milliseconds, always Z. */
    static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final long EPOCH_START = Instant.parse("2023-01-02T00:00:00Z").toEpochMilli();
    private static final long EPOCH_END = Instant.parse("2025-06-30T00:00:00Z").toEpochMilli();

    record City(String name, String state, String county, String zipPrefix, String areaCode,
                double latitude, double longitude) {
    }

    private static final List<City> CITIES = List.of(
            new City("San Jose", "CA", "Santa Clara", "951", "408", 37.3382, -121.8863),
            new City("Palo Alto", "CA", "Santa Clara", "943", "650", 37.4419, -122.143),
            new City("Mountain View", "CA", "Santa Clara", "940", "650", 37.3861, -122.0839),
            new City("Sunnyvale", "CA", "Santa Clara", "940", "408", 37.3688, -122.0363),
            new City("Oakland", "CA", "Alameda", "946", "510", 37.8044, -122.2712),
            new City("San Francisco", "CA", "San Francisco", "941", "415", 37.7749, -122.4194),
            new City("Los Angeles", "CA", "Los Angeles", "900", "213", 34.0522, -118.2437),
            new City("Pasadena", "CA", "Los Angeles", "911", "626", 34.1478, -118.1445),
            new City("San Diego", "CA", "San Diego", "921", "619", 32.7157, -117.1611),
            new City("Irvine", "CA", "Orange", "926", "949", 33.6846, -117.8265),
            new City("Sacramento", "CA", "Sacramento", "958", "916", 38.5816, -121.4944),
            new City("Seattle", "WA", "King", "981", "206", 47.6062, -122.3321),
            new City("Bellevue", "WA", "King", "980", "425", 47.6101, -122.2015),
            new City("Portland", "OR", "Multnomah", "972", "503", 45.5152, -122.6784),
            new City("Austin", "TX", "Travis", "787", "512", 30.2672, -97.7431),
            new City("Dallas", "TX", "Dallas", "752", "214", 32.7767, -96.797),
            new City("Houston", "TX", "Harris", "770", "713", 29.7604, -95.3698),
            new City("Denver", "CO", "Denver", "802", "303", 39.7392, -104.9903),
            new City("Phoenix", "AZ", "Maricopa", "850", "602", 33.4484, -112.074),
            new City("Scottsdale", "AZ", "Maricopa", "852", "480", 33.4942, -111.9261),
            new City("Las Vegas", "NV", "Clark", "891", "702", 36.1699, -115.1398),
            new City("Salt Lake City", "UT", "Salt Lake", "841", "801", 40.7608, -111.891),
            new City("Miami", "FL", "Miami-Dade", "331", "305", 25.7617, -80.1918),
            new City("Orlando", "FL", "Orange", "328", "407", 28.5383, -81.3792),
            new City("Atlanta", "GA", "Fulton", "303", "404", 33.749, -84.388),
            new City("Charlotte", "NC", "Mecklenburg", "282", "704", 35.2271, -80.8431),
            new City("Chicago", "IL", "Cook", "606", "312", 41.8781, -87.6298),
            new City("Boston", "MA", "Suffolk", "021", "617", 42.3601, -71.0589),
            new City("Brooklyn", "NY", "Kings", "112", "718", 40.6782, -73.9442),
            new City("Nashville", "TN", "Davidson", "372", "615", 36.1627, -86.7816));

    private static final List<String> FIRST_NAMES = List.of(
            "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas",
            "Mia", "Mateo", "Amelia", "Benjamin", "Harper", "Henry", "Evelyn", "Alexander", "Priya",
            "Wei", "Camila", "Diego", "Aaliyah", "Hiroshi", "Fatima", "Omar", "Grace", "Daniel",
            "Chloe", "Samuel", "Zoe", "Nathan", "Leah", "Arjun", "Maya", "Gabriel", "Nora", "Kenji",
            "Elena", "Marcus", "Hannah", "Carlos", "Lily", "Andre", "Sofia", "Ethan", "Ruby", "Julian");

    private static final List<String> LAST_NAMES = List.of(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
            "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
            "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
            "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
            "Nguyen", "Patel", "Chen", "Kim", "Singh", "O'Brien", "Okafor", "Kowalski", "Tanaka");

    private static final List<String> STREETS = List.of(
            "Maple", "Oak", "Cedar", "Pine", "Elm", "Willow", "Lakeview", "Sunset", "Hillcrest",
            "Park", "Washington", "Lincoln", "Jefferson", "Madison", "Franklin", "Highland", "Meadow",
            "Ridge", "Valley", "Spring", "Orchard", "Bayview", "Harbor", "Mission", "El Camino");

    private static final List<String> STREET_TYPES = List.of("St", "Ave", "Blvd", "Dr", "Ln", "Ct", "Way", "Pl");

    private static final List<String> EMAIL_DOMAINS = List.of(
            "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "comcast.net");

    private static final List<String> COMPANIES = List.of(
            "Compass", "Keller Williams", "Coldwell Banker", "Sotheby's International Realty",
            "RE/MAX Gold", "Intero Real Estate", "eXp Realty", "Redfin", "Berkshire Hathaway HomeServices",
            "Century 21 Real Estate Alliance", "Douglas Elliman", "The Agency");

    private static final List<String> WORDS = List.of(
            "kitchen", "remodel", "cabinets", "countertops", "quartz", "backsplash", "flooring",
            "hardwood", "tile", "bathroom", "vanity", "shower", "permit", "inspection", "staging",
            "paint", "interior", "exterior", "landscaping", "deck", "roof", "gutters", "windows",
            "lighting", "fixtures", "plumbing", "electrical", "drywall", "baseboards", "appliances",
            "walkthrough", "listing", "buyer", "seller", "escrow", "closing", "schedule", "estimate",
            "materials", "labor", "contractor", "homeowner", "agent", "budget", "timeline", "warranty");

    private static final List<String> SENTENCES = List.of(
            "Homeowner wants the kitchen refreshed before the listing goes live.",
            "Please confirm the walkthrough time with the listing agent.",
            "Buyer asked for a second estimate on the bathroom remodel.",
            "Permit application was submitted to the city last week.",
            "Materials are on backorder; expect a two week delay.",
            "Client prefers neutral paint colors throughout the main floor.",
            "Staging photos are scheduled for Thursday morning.",
            "Replace the worn carpet in the bedrooms with luxury vinyl plank.",
            "Roof inspection found minor flashing damage near the chimney.",
            "Agent requested a quick turnaround to meet the open house date.",
            "Landscaping quote includes new irrigation and drought tolerant plants.",
            "Homeowner will be traveling; coordinate access through the lockbox.",
            "Final invoice is due within fifteen days of project completion.",
            "Electrical panel may need an upgrade to support the new appliances.",
            "The HOA must approve exterior paint colors before work begins.");

    private final Random random;

    SampleValues(Random random) {
        this.random = random;
    }

    int between(int minInclusive, int maxInclusive) {
        return minInclusive + random.nextInt(maxInclusive - minInclusive + 1);
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    @SafeVarargs
    final <T> T oneOf(T... options) {
        return options[random.nextInt(options.length)];
    }

    <T> T oneOf(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** Distinct picks in first-drawn order; string sets must not repeat an element. */
    List<String> distinct(List<String> options, int count) {
        Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < Math.min(count, options.size())) {
            picked.add(oneOf(options));
        }
        return new ArrayList<>(picked);
    }

    String firstName() {
        return oneOf(FIRST_NAMES);
    }

    String lastName() {
        return oneOf(LAST_NAMES);
    }

    String company() {
        return oneOf(COMPANIES);
    }

    City city() {
        return oneOf(CITIES);
    }

    String street() {
        return between(100, 9899) + " " + oneOf(STREETS) + " " + oneOf(STREET_TYPES);
    }

    String zip(City city) {
        return city.zipPrefix() + String.format("%02d", between(1, 99));
    }

    /** E.164, the form Amplify's AWSPhone scalar stores. 555-01xx numbers are reserved for fiction. */
    String phone(City city) {
        return "+1" + city.areaCode() + "55501" + String.format("%02d", below(100));
    }

    String email(String first, String last, int unique) {
        String local = (first + "." + last).toLowerCase(Locale.ROOT).replace("'", "");
        return local + unique + "@" + oneOf(EMAIL_DOMAINS);
    }

    long instantMillis() {
        return EPOCH_START + (long) (random.nextDouble() * (EPOCH_END - EPOCH_START));
    }

    long laterMillis(long from, int maxDays) {
        return from + (long) (random.nextDouble() * maxDays * 86_400_000L);
    }

    static String iso(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    String sentence() {
        return oneOf(SENTENCES);
    }

    /** Sentences until at least {@code minChars}, so item sizes stay in the intended range. */
    String text(int minChars) {
        StringBuilder text = new StringBuilder();
        String previous = null;
        while (text.length() < minChars) {
            String next = sentence();
            if (next.equals(previous)) {
                continue;
            }
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(next);
            previous = next;
        }
        return text.toString();
    }

    String words(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(oneOf(WORDS));
        }
        return text.toString();
    }

    /** A decimal with at most {@code scale} fraction digits, between min and max. */
    BigDecimal decimal(double min, double max, int scale) {
        return BigDecimal.valueOf(min + random.nextDouble() * (max - min)).setScale(scale, RoundingMode.HALF_UP);
    }

    BigDecimal money(int minDollars, int maxDollars) {
        return decimal(minDollars, maxDollars, 2);
    }

    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    String hex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(Integer.toHexString(random.nextInt(16)));
        }
        return hex.toString();
    }

    /** A random version-4 UUID, as Cognito subs and Amplify-generated IDs are. */
    String uuid() {
        return SampleIds.uuid4(random.nextLong(), random.nextLong());
    }
}
