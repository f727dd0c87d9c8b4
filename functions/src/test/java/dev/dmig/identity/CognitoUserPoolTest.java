package dev.dmig.identity;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.plan.UserPoolRef;
import dev.dmig.store.Account;
import dev.dmig.store.StoreRefusedException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** What a pool that cannot be reached is said to need: the fix its settings allow, not a region its ID already names. */
class CognitoUserPoolTest {
    @Test
    void aPoolWhereNothingAnswers_namesTheServerOfOnesOwn_notTheRegionItsIdNames() {
        // Cognito's own endpoint as an unreachable host: .invalid never resolves (RFC 2606).
        try (CognitoIdentityProviderClient client = CognitoIdentityProviderClient.builder().region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://cognito-idp.dmig-test.invalid"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"))).build()) {
            UserPool pool = new CognitoUserPool(client, "source", new UserPoolRef("eu-west-1_AbC123", null), Account.OWN);

            assertThatThrownBy(() -> pool.pages(null).next()).isInstanceOf(StoreRefusedException.class)
                    .hasMessageStartingWith("source.userPoolId eu-west-1_AbC123: nothing answers in eu-west-1 (")
                    .hasMessageEndingWith("): check that dmig reaches Cognito in eu-west-1, or, for a pool on a server of your own"
                            + " (cognito-local), give source.userPoolEndpoint")
                    .hasMessageNotContaining("region,");
        }
    }
}
