package dev.dmig.identity;

import static dev.dmig.identity.IdentityPairingTest.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pools as a plan's inference reads them: every user, and the pairs analysis would make, nothing of the email. */
class PoolUsersTest {
    @Test
    void bothPools_giveEverySourceUser_thePairsByEmail_andWhoIsLeftAndWhy_namingNoEmail() {
        FakeUserPool dev = new FakeUserPool("eu-west-1_Dev", List.of(user("alice", "s-a", "Alice@Example.com"),
                user("bob", "s-b", "bob@example.com"), user("carol@example.com", "s-c", "carol@example.com")), 2, () -> { });
        FakeUserPool prod = new FakeUserPool("eu-west-1_Prod", List.of(user("t-a", "t-a", "alice@example.com"),
                user("robert", "t-b", "bob@example.com")), 1, () -> { });

        PoolUsers.Read read = PoolUsers.read(dev, prod, "email");

        assertThat(read.source()).containsExactly(new PoolUsers.User("s-a", "alice"), new PoolUsers.User("s-b", "bob"),
                new PoolUsers.User("s-c", "carol@example.com"));
        assertThat(read.pairs()).containsExactly(
                new PoolUsers.Pair(new PoolUsers.User("s-a", "alice"), new PoolUsers.User("t-a", "t-a")),
                new PoolUsers.Pair(new PoolUsers.User("s-b", "bob"), new PoolUsers.User("t-b", "robert")));
        assertThat(read.unpaired()).containsExactly(new PoolPairing.Unpaired("c***@e***.com (sub s-c)",
                "no user of the target pool has this email"));
        assertThat(read.targetUsers()).isEqualTo(2);
        assertThat(read.paired()).isTrue();
        // Every page of each pool was read.
        assertThat(dev.requested).containsExactly(null, "page-2");
        assertThat(prod.requested).containsExactly(null, "page-1");
    }

    @Test
    void theSourcePoolAlone_givesItsUsers_andNoPairs() {
        FakeUserPool dev = new FakeUserPool("eu-west-1_Dev", List.of(user("alice", "s-a", "alice@example.com")), 60, () -> { });

        PoolUsers.Read read = PoolUsers.read(dev, null, "email");

        assertThat(read.source()).containsExactly(new PoolUsers.User("s-a", "alice"));
        assertThat(read.paired()).isFalse();
        assertThat(read.pairs()).isEmpty();
    }
}
