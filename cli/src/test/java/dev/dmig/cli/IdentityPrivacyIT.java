package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cognito.CognitoFront;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Runs over two user pools on cognito-local where people sign in with their email or phone number as their username
 * (the username is the email, or the number), with the artifacts in a bucket that keeps versions (S3Proxy's in-memory
 * store keeps them, as the stack's bucket does): no email or phone number is in any artifact of the runs, in any version
 * of it, nor in what {@code analyze}, {@code migrate} and {@code idmap} print; users are named by sub and masked username;
 * the owners still become the production users', emails and all; and the pools' listings and the secret of their match
 * keys leave no version behind.
 */
class IdentityPrivacyIT {
    /** What an email looks like, anywhere in a text. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    /** What a phone number in E.164 looks like, anywhere in a text; and the digits of this test's own, however written. */
    private static final Pattern PHONE = Pattern.compile("\\+\\d{7,15}|5550100");
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static CognitoLocal cognito;

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
    }

    /** The two pools and the app of their users (carol last, without a production user). */
    private record Pools(String dev, String prod, IdentityApp app) {}

    /** A versioned artifacts bucket of this test's own, and the command-line options that name it and the stack. */
    private record Bucket(String name, S3Client s3, List<String> options) {}

    private static Bucket bucket(String tag) {
        return bucket(tag, cognito.endpoint());
    }

    /** As {@link #bucket(String)}, the pools read at {@code cognitoEndpoint} (a front before cognito-local). */
    private static Bucket bucket(String tag, URI cognitoEndpoint) {
        String name = tag + ProcessHandle.current().pid() + "-artifacts";
        S3Client s3 = SharedStack.s3();
        s3.createBucket(b -> b.bucket(name));
        s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return new Bucket(name, s3, List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", name,
                "--region", SharedStack.stack().region().id(), "--data-dir", CliRun.dataDir().toString(),
                "--cognito-endpoint", cognitoEndpoint.toString()));
    }

    /**
     * Development's and production's pools, users signing in by email or phone number as their username: alice, bob
     * (whose development email is {@code Bob@Example.COM}) and frank (a phone number in both) have a production user,
     * carol has none, two development users share an email, and dave is in production only.
     */
    private static Pools pools() {
        int n = POOLS.incrementAndGet();
        String dev = cognito.createPool("privacy-dev-" + n, false);
        String prod = cognito.createPool("privacy-prod-" + n, false);
        List<IdentityApp.User> users = new ArrayList<>();
        String[][] people = {{"alice@example.com", "alice@example.com", "alice@example.com"},
                {"Bob@Example.COM", "bob@example.com", "Bob@Example.COM"}, {"+15550100123", "+15550100456", "frank@example.com"}};
        for (String[] person : people) {
            String[] d = cognito.createUser(dev, person[0], Map.of("email", person[2]));
            String[] p = cognito.createUser(prod, person[1], Map.of("email", person[2].toLowerCase(java.util.Locale.ROOT)));
            users.add(new IdentityApp.User(d[1], d[0], p[1], p[0]));
        }
        String[] carol = cognito.createUser(dev, "carol@example.com", Map.of("email", "carol@example.com"));
        users.add(new IdentityApp.User(carol[1], carol[0], null, null));
        cognito.createUser(dev, "gil@example.com", Map.of("email", "twins@example.com"));
        cognito.createUser(dev, "gil.two@example.com", Map.of("email", "twins@example.com"));
        cognito.createUser(prod, "dave@example.com", Map.of("email", "dave@example.com"));
        return new Pools(dev, prod, new IdentityApp(users));
    }

    private static Path plan(AppTables app, Pools pools, Path dir, String onUnmatched) throws IOException {
        Path file = dir.resolve("plan" + app.devSuffix + onUnmatched + ".json");
        Files.writeString(file, """
                {"source": {"tableSuffix": "%s", "userPoolId": "%s"}, "target": {"tableSuffix": "%s", "userPoolId": "%s"},
                 "identities": {"onUnmatched": "%s"},
                """.formatted(app.devSuffix, pools.dev(), app.prodSuffix, pools.prod(), onUnmatched) + IdentityApp.TABLES + "}");
        return file;
    }

    @Test
    void noEmailOrPhoneNumber_leavesThePools_inAnyArtifactOrVersion_orWhatTheCommandsPrint(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        IdentityApp users = pools.app();
        Bucket bucket = bucket("privacy");
        List<CliRun> printed = new ArrayList<>();
        try (AppTables app = users.tables("privacy", 4)) {
            CliRun analyze = CliRun.of(bucket.options(), "analyze", "--plan", plan(app, pools, dir, "keep").toString(),
                    "--run", "privacy-analyze");
            assertThat(analyze.code()).as(analyze.out() + analyze.err()).isZero();
            CliRun refused = CliRun.of(bucket.options(), "migrate", "--plan", plan(app, pools, dir, "refuse").toString(),
                    "--confirm", "--no-backup", "--run", "privacy-refuse");
            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCode.INVALID);
            CliRun migrate = CliRun.of(bucket.options(), "migrate", "--plan", plan(app, pools, dir, "keep").toString(),
                    "--confirm", "--no-backup", "--run", "privacy-keep");
            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            CliRun idmap = CliRun.of(bucket.options(), "idmap", "--run", "privacy-keep", "--identities");
            assertThat(idmap.code()).as(idmap.err()).isZero();
            printed.addAll(List.of(analyze, refused, migrate, idmap));

            S3ArtifactStore artifacts = new S3ArtifactStore(bucket.s3(), bucket.name());
            users.assertMapped(app, artifacts, IdentityApp.MODELS, "privacy-keep", true);
            IdentityApp.User carol = users.users.get(3);
            IdentityApp.User frank = users.users.get(2);
            assertThat(refused.out()).as("carol's owner, named by sub and masked username").contains("identity '" + carol.devSub()
                    + "::c***@e***.com' has no match in the target user pool (paired by email)");
            assertThat(migrate.out()).contains("  identities: 3 of 6 users of pool " + pools.dev() + " paired by email with 4 users "
                    + "of pool " + pools.prod() + " (3 not paired: c***@e***.com (sub " + carol.devSub() + "), no user of the target "
                    + "pool has this email; g***@e***.com (sub ");
            assertThat(idmap.out()).as("dev sub → prod sub, usernames masked").contains(
                    users.users.get(0).devSub() + "," + users.users.get(0).prodSub() + ",a***@e***.com,a***@e***.com\n",
                    users.users.get(1).devSub() + "," + users.users.get(1).prodSub() + ",B***@E***.COM,b***@e***.com\n",
                    frank.devSub() + "," + frank.prodSub() + ",\"'+1********23\",\"'+1********56\"\n");
        }

        for (CliRun run : printed) {
            assertThat(found(run.out() + run.err())).as("what a command printed:\n%s%s", run.out(), run.err()).isEmpty();
        }
        List<String> read = new ArrayList<>();
        for (ObjectVersion version : versions(bucket, "")) {
            if (!version.key().startsWith(RunLayout.RUNS) && !version.key().startsWith(RunLayout.HISTORIES)) {
                continue;
            }
            byte[] body = bucket.s3().getObjectAsBytes(b -> b.bucket(bucket.name()).key(version.key()).versionId(version.versionId()))
                    .asByteArray();
            read.add(version.key());
            assertThat(found(text(version.key(), body))).as("%s, version %s", version.key(), version.versionId()).isEmpty();
        }
        assertThat(read).filteredOn(RunLayout.manifest("privacy-keep")::equals).as("the bucket keeps versions: a manifest's, each")
                .hasSizeGreaterThan(1);
        assertThat(read).as("every run's artifacts were read").contains(RunLayout.poolMap("privacy-keep"), RunLayout.report("privacy-keep"),
                RunLayout.analysis("privacy-refuse"), RunLayout.history("privacy-keep"), RunLayout.analysis("privacy-analyze"));
        assertThat(versions(bucket, RunLayout.prefix("privacy-keep") + "identities/")).as("the listings and the secret of their "
                + "match keys are gone, every version; the map and the key its usernames are sealed with stay, once each")
                .extracting(ObjectVersion::key).containsExactly(RunLayout.poolMap("privacy-keep"), RunLayout.identityNameKey("privacy-keep"));
        assertThat(deleteMarkers(bucket, RunLayout.prefix("privacy-keep") + "identities/")).isEmpty();
    }

    @Test
    void anAnalysisRefusedAfterListingThePools_leavesNoVersionOfTheListings_andPrintsNoEmail(@TempDir Path dir) throws Exception {
        Pools pools = pools();
        // Production's pool answers its first page (the check before the run, then the listing's first), then refuses:
        // the analysis fails with development's pool listed and production's begun.
        try (CognitoFront front = new CognitoFront(cognito.endpoint(), 1); AppTables app = pools.app().tables("forget", 2)) {
            front.denyPagesAfterTheFirst(pools.prod());
            Bucket bucket = bucket("forget", front.endpoint());
            CliRun refused = CliRun.of(bucket.options(), "analyze", "--plan", plan(app, pools, dir, "keep").toString(),
                    "--run", "forget-pools");

            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCode.INVALID);
            assertThat(refused.out()).contains("target.userPoolId " + pools.prod() + ": dmig may not read this user pool (access denied)");
            assertThat(front.listings()).as("development's pool listed to its end, production's past its first page")
                    .filteredOn(l -> l.token() != null).extracting(CognitoFront.Listing::userPoolId).contains(pools.dev(), pools.prod());
            assertThat(found(refused.out() + refused.err())).as("what the refusal printed:\n%s%s", refused.out(), refused.err()).isEmpty();
            String identities = RunLayout.prefix("forget-pools") + "identities/";
            assertThat(versions(bucket, identities)).as("no version of a listing or the secret of their match keys is left")
                    .extracting(ObjectVersion::key).doesNotContain(RunLayout.userPoolListing("forget-pools", "source"),
                            RunLayout.userPoolListing("forget-pools", "target"), RunLayout.identityMatchSecret("forget-pools"));
            assertThat(deleteMarkers(bucket, identities)).isEmpty();
            for (ObjectVersion version : versions(bucket, RunLayout.prefix("forget-pools"))) {
                byte[] body = bucket.s3().getObjectAsBytes(b -> b.bucket(bucket.name()).key(version.key()).versionId(version.versionId()))
                        .asByteArray();
                assertThat(found(text(version.key(), body))).as("%s, version %s", version.key(), version.versionId()).isEmpty();
            }

            // An identity file with an email where a sub belongs is refused before any run, naming it masked.
            Files.writeString(dir.resolve("users.csv"), "source_sub,target_sub\ncarol@example.com," + pools.app().users.get(0).prodSub()
                    + "\n");
            Path withFile = dir.resolve("plan-file.json");
            Files.writeString(withFile, Files.readString(plan(app, pools, dir, "keep")).replace("\"identities\": {",
                    "\"identities\": {\"csv\": \"users.csv\", "));
            CliRun badFile = CliRun.of(bucket.options(), "analyze", "--plan", withFile.toString(), "--run", "forget-file");
            assertThat(badFile.code()).as(badFile.out() + badFile.err()).isEqualTo(ExitCode.INVALID);
            assertThat(badFile.err()).contains("users.csv line 2: source_sub 'c***@e***.com' is not a sub");
            assertThat(found(badFile.out() + badFile.err())).as("what the refusal printed:\n%s%s", badFile.out(), badFile.err()).isEmpty();
        }
    }

    /** The emails and phone numbers in {@code text}. */
    private static List<String> found(String text) {
        List<String> found = new ArrayList<>();
        for (Pattern pattern : List.of(EMAIL, PHONE)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }

    private static String text(String key, byte[] body) {
        if (!key.endsWith(".gz")) {
            return new String(body, StandardCharsets.UTF_8);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
    }

    private static List<ObjectVersion> versions(Bucket bucket, String prefix) {
        List<ObjectVersion> versions = new ArrayList<>();
        bucket.s3().listObjectVersionsPaginator(b -> b.bucket(bucket.name()).prefix(prefix)).forEach(page -> versions.addAll(page.versions()));
        return versions;
    }

    private static List<String> deleteMarkers(Bucket bucket, String prefix) {
        List<String> markers = new ArrayList<>();
        bucket.s3().listObjectVersionsPaginator(b -> b.bucket(bucket.name()).prefix(prefix))
                .forEach(page -> page.deleteMarkers().forEach(m -> markers.add(m.key())));
        return markers;
    }
}
