package dev.dmig.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.json.Json;
import dev.dmig.store.InMemoryArtifactStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityPairingTest {
    static PoolUser user(String username, String sub, String email) {
        return new PoolUser(username, sub, email == null ? Map.of("sub", sub) : Map.of("sub", sub, "email", email));
    }

    private static final RunSecrets SECRETS = new RunSecrets(new InMemoryArtifactStore(), "pairing");

    private static List<ListedUser> listed(String matchBy, PoolUser... users) {
        return List.of(users).stream().map(u -> ListedUser.of(u, matchBy, SECRETS)).toList();
    }

    @Test
    void usersWithTheSameEmail_pair_whateverItsCase_subToSub_andUsernameToUsername() {
        IdentityPairing.Paired paired = IdentityPairing.pair(
                listed("email", user("alice", "s-a", "Alice@Example.com "), user("bob", "s-b", "bob@example.com")),
                listed("email", user("t-a", "t-a", "alice@example.com"), user("robert", "t-b", "BOB@example.com")), "email");

        assertThat(paired.pairs()).containsExactly(new IdentityPair("s-a", "t-a", "alice", "t-a"),
                new IdentityPair("s-b", "t-b", "bob", "robert"));
        assertThat(paired.unpaired()).isEmpty();
    }

    @Test
    void aValueTwoUsersOfOnePoolHold_pairsNoneOfThem_andSaysSo_namingUsernamesNeverTheValue() {
        IdentityPairing.Paired paired = IdentityPairing.pair(
                listed("email", user("carol", "s-c", "carol@example.com"), user("dan", "s-d", "shared@example.com"),
                        user("dana", "s-e", "shared@example.com"), user("erin", "s-f", "erin@example.com"), user("nomail", "s-g", null)),
                listed("email", user("erin1", "t-f", "erin@example.com"), user("erin2", "t-g", "Erin@example.com"),
                        user("dan", "t-d", "shared@example.com")), "email");

        assertThat(paired.pairs()).isEmpty();
        assertThat(paired.unpaired()).extracting(IdentityPairing.Left::shown).containsExactly(
                new PoolPairing.Unpaired("carol", "no user of the target pool has this email"),
                new PoolPairing.Unpaired("dan", "2 users of the source pool have this email (dan, dana)"),
                new PoolPairing.Unpaired("dana", "2 users of the source pool have this email (dan, dana)"),
                new PoolPairing.Unpaired("erin", "2 users of the target pool have this email (erin1, erin2)"),
                new PoolPairing.Unpaired("nomail", "has no email"));
        assertThat(paired.unpaired().toString()).doesNotContain("@");
    }

    @Test
    void usersWhoseUsernameIsAnEmailOrPhoneNumber_areNamedByItsMaskedFormAndTheirSub() {
        IdentityPairing.Paired paired = IdentityPairing.pair(
                listed("email", user("dan@example.com", "s-d", "shared@example.com"), user("+15550100123", "s-e", "shared@example.com"),
                        user("carol@example.com", "s-c", "carol@example.com")),
                listed("email", user("shared@example.com", "t-d", "shared@example.com")), "email");

        assertThat(paired.unpaired()).extracting(IdentityPairing.Left::shown).containsExactly(
                new PoolPairing.Unpaired("d***@e***.com (sub s-d)", "2 users of the source pool have this email "
                        + "(d***@e***.com (sub s-d), +1********23 (sub s-e))"),
                new PoolPairing.Unpaired("+1********23 (sub s-e)", "2 users of the source pool have this email "
                        + "(d***@e***.com (sub s-d), +1********23 (sub s-e))"),
                new PoolPairing.Unpaired("c***@e***.com (sub s-c)", "no user of the target pool has this email"));
    }

    @Test
    void otherAttributes_pairAsTheyAre_usernamesAndCustomOnes() {
        PoolUser dev = new PoolUser("alice", "s-a", Map.of("sub", "s-a", "custom:employeeId", "E-7", "phone_number", "+1555"));
        PoolUser prod = new PoolUser("alice", "t-a", Map.of("sub", "t-a", "custom:employeeId", "e-7", "phone_number", "+1555"));

        assertThat(IdentityPairing.pair(listed("username", dev), listed("username", prod), "username").pairs()).hasSize(1);
        assertThat(IdentityPairing.pair(listed("phone_number", dev), listed("phone_number", prod), "phone_number").pairs()).hasSize(1);
        assertThat(IdentityPairing.pair(listed("custom:employeeId", dev), listed("custom:employeeId", prod), "custom:employeeId")
                .unpaired()).extracting(IdentityPairing.Left::shown).containsExactly(new PoolPairing.Unpaired("alice", "no user of the target pool has this custom:employeeId"));
    }

    @Test
    void aGivenFile_replacesThePoolsPair_pairsWhomThePoolsCouldNot_andTakesItsTargetsFromOthers() {
        List<ListedUser> source = listed("email", user("alice", "s-a", "a@x"), user("bob", "s-b", "b@x"), user("carol", "s-c", "c@x"),
                user("dave", "s-d", "d@x"));
        List<ListedUser> target = listed("email", user("alice2", "t-a", "a@x"), user("bob2", "t-b", "b@x"), user("zed", "t-z", "z@x"),
                user("dave2", "t-d", "d@x"));
        IdentityPairing.Paired pools = IdentityPairing.pair(source, target, "email");
        // alice goes to zed instead; carol (no match) to dave2, which the pools gave dave.
        IdentityMap file = new IdentityMap(List.of(new IdentityPair("s-a", "t-z", null, null), new IdentityPair("s-c", "t-d", null, null),
                new IdentityPair("s-gone", "t-gone", null, null)));

        IdentityPairing.Paired paired = IdentityPairing.withGiven(pools, file, "users.csv", source, target);

        assertThat(paired.pairs()).containsExactly(new IdentityPair("s-a", "t-z", "alice", "zed"),
                new IdentityPair("s-c", "t-d", "carol", "dave2"), new IdentityPair("s-gone", "t-gone", null, null),
                new IdentityPair("s-b", "t-b", "bob", "bob2"));
        assertThat(paired.unpaired()).extracting(IdentityPairing.Left::shown).containsExactly(
                new PoolPairing.Unpaired("dave", "its target user dave2 is paired with another user by users.csv"));
    }

    @Test
    void theSummaryLine_namesPoolsCountsAndAFewUnpairedUsers() {
        PoolPairing pairing = new PoolPairing("email", "eu-west-1_AbC", 12, "eu-west-1_XyZ", 13, 3, 11, null, 0, 1,
                List.of(new PoolPairing.Unpaired("carol", "no user of the target pool has this email")), 0);

        assertThat(pairing.describe()).isEqualTo("11 of 12 users of pool eu-west-1_AbC paired by email with 13 users of pool "
                + "eu-west-1_XyZ (1 not paired: carol, no user of the target pool has this email)");
        // A run that puts its own users in the target's pool (a masked run) pairs carol, and alice (paired by the pools before), with the users it put in the target's pool.
        PoolPairing masked = pairing.withPairedAgain(List.of(new IdentityPair("sub-alice", "t-alice", "alice", "alice")),
                List.of(new IdentityPair("sub-alice", "m-1", "alice", "m.one"), new IdentityPair("sub-carol", "m-2", "carol", "m.two")));
        assertThat(masked.describe()).isEqualTo("10 of 12 users of pool eu-west-1_AbC paired by email with 13 users of pool "
                + "eu-west-1_XyZ, 2 put in it by the run");
        PoolPairing alone = pairing.withPairedAgain(List.of(new IdentityPair("sub-bob", "t-bob", "bob", "bob")),
                List.of(new IdentityPair("sub-bob", "m-3", "bob", "m.three")));
        assertThat(alone.describe()).as("carol, whom no record names, counted and not named")
                .isEqualTo("10 of 12 users of pool eu-west-1_AbC paired by email with 13 users of pool eu-west-1_XyZ, 1 put in it"
                        + " by the run (1 not paired)");
        // Users the file paired, paired again: counted once, as put in the pool, no longer by the file.
        PoolPairing byFile = new PoolPairing("email", "eu-west-1_AbC", 2, "eu-west-1_XyZ", 2, 3, 0, "users.csv", 2, 0, List.of(), 0)
                .withPairedAgain(List.of(new IdentityPair("sub-ann", "t-ann", "ann", "ann"), new IdentityPair("sub-bob", "t-bob", "bob", "bob")),
                        List.of(new IdentityPair("sub-ann", "m-1", "ann", "m.one"), new IdentityPair("sub-bob", "m-2", "bob", "m.two")));
        assertThat(byFile.describe()).isEqualTo("0 of 2 users of pool eu-west-1_AbC paired by email with 2 users of pool eu-west-1_XyZ,"
                + " 0 by users.csv, 2 put in it by the run");
    }

    @Test
    void aPairingStoredByAnEarlierVersion_readsItsUsersPutInThePool() {
        String stored = "{\"matchBy\":\"email\",\"sourcePool\":\"eu-west-1_AbC\",\"sourceUsers\":2,\"targetPool\":\"eu-west-1_XyZ\","
                + "\"targetUsers\":2,\"requests\":3,\"pairedByPools\":0,\"pairedByCsv\":0,\"unpaired\":0,"
                + "\"unpairedExamples\":[],\"pairedMasked\":2}";

        PoolPairing read = Json.read(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8), PoolPairing.class);

        assertThat(read.pairedAgain()).isEqualTo(2);
        assertThat(read.describe()).endsWith(", 2 put in it by the run");
    }
}
