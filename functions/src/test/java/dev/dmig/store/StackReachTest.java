package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.identity.CognitoUserPools;
import dev.dmig.identity.UserPools;
import dev.dmig.plan.UserPoolRef;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A deployed function's item store reaches only its stack's sides, whichever step builds a store from whatever plan.
 * No request is sent: the clients point at a port nothing listens on, and every refusal comes before any call.
 */
class StackReachTest {
    private static final String ROLE = "arn:aws:iam::111111111111:role/dmig-source-read";
    private static final StackReach STACK = new StackReach("-dev", "-prod", ROLE, null);

    private final AwsClients.Connection own = new AwsClients.Connection(URI.create("http://127.0.0.1:9"), Region.EU_WEST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), 2);
    private final DynamoDbClient client = AwsClients.dynamoDb(own);
    private final AccountClients accounts = new AccountClients(own, null);

    @AfterEach
    void close() {
        accounts.close();
        client.close();
    }

    private static Sides sides(Account source, Account target) {
        return new Sides("-dev", source, "-prod", target);
    }

    @Test
    void aDeployedStore_refusesAnEndpoint_onEitherSide() {
        ItemStore deployed = new DynamoDbItemStore(client, accounts, STACK);
        Account elsewhere = new Account(null, null, null, URI.create("https://any.host"));

        assertThatThrownBy(() -> deployed.across(sides(Account.OWN, elsewhere)))
                .isInstanceOf(StoreRefusedException.class)
                .hasMessage("this deployed stack does not reach the plan's tables: target.endpoint is for local runs (DynamoDB"
                        + " Local standing in for an account): remove it; a deployed stack reaches DynamoDB through"
                        + " target.region and target.roleArn");
        assertThatThrownBy(() -> deployed.across(sides(new Account("eu-west-1", ROLE, null, URI.create("http://10.0.0.1:8000")),
                Account.OWN)))
                .isInstanceOf(StoreRefusedException.class)
                .hasMessageContaining("source.endpoint is for local runs");
    }

    @Test
    void aDeployedStore_refusesOtherSuffixesAndRoles_andReachesItsOwn() {
        ItemStore deployed = new DynamoDbItemStore(client, accounts, STACK);

        assertThatThrownBy(() -> deployed.across(new Sides("-staging", Account.OWN, "-prod",
                new Account(null, "arn:aws:iam::222222222222:role/other", null, null))))
                .isInstanceOf(StoreRefusedException.class)
                .hasMessage("this deployed stack does not reach the plan's tables: source.tableSuffix is '-staging' but this"
                        + " stack may read only tables ending '-dev' (stack parameter SourceTableSuffix); target.roleArn is"
                        + " 'arn:aws:iam::222222222222:role/other' but this stack may assume no role for the target (redeploy"
                        + " with stack parameter TargetRoleArn=arn:aws:iam::222222222222:role/other)");
        assertThat(deployed.across(sides(Account.OWN, Account.OWN))).isSameAs(deployed);
        assertThat(deployed.across(sides(new Account("eu-west-1", ROLE, null, null), Account.OWN))).isNotSameAs(deployed);
    }

    @Test
    void aLocalStore_reachesAnEndpoint() {
        ItemStore local = new DynamoDbItemStore(client, accounts);

        assertThat(local.across(sides(Account.OWN, new Account(null, null, null, URI.create("http://127.0.0.1:8001")))))
                .isNotSameAs(local);
    }

    @Test
    void aDeployedStacksPools_areTheOnlyOnesItsFunctionsRead_neverAtAnEndpoint() {
        StackReach pools = new StackReach("-dev", "-prod", null, null, "eu-west-1_Dev", null);

        assertThat(pools.poolProblems("source", "eu-west-1_Dev", null)).isEmpty();
        assertThat(pools.poolProblems("source", "eu-west-1_Dev", URI.create("http://127.0.0.1:9229"))).containsExactly(
                "source.userPoolEndpoint is for local runs (cognito-local standing in for a user pool): remove it; a deployed stack "
                        + "reads the pool in its region through source.roleArn or its own role");
        assertThat(pools.poolProblems("target", "eu-west-1_Prod", null)).containsExactly("target.userPoolId is 'eu-west-1_Prod' but "
                + "this stack may read no user pool for the target (redeploy with stack parameter TargetUserPoolId=eu-west-1_Prod)");
        // The deployed functions' pools refuse by themselves, whatever plan a step has.
        UserPools deployed = new CognitoUserPools(accounts, null, pools);
        assertThatThrownBy(() -> deployed.pool("target", Account.OWN, new UserPoolRef("eu-west-1_Prod", null)))
                .isInstanceOf(StoreRefusedException.class)
                .hasMessageStartingWith("this deployed stack does not reach the plan's user pools: target.userPoolId is 'eu-west-1_Prod'");
        assertThat(deployed.pool("source", Account.OWN, new UserPoolRef("eu-west-1_Dev", null)).id()).isEqualTo("eu-west-1_Dev");
    }
}
