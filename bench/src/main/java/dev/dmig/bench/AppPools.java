package dev.dmig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.sample.SampleData;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * The whole app's two user pools in cognito-local, development's and production's, each holding every user of the
 * app with the same email (the plan pairs them by it), signing users in by username, each user's username their sub
 * as the sample's owners ({@code <sub>::<sub>}) say. Each user is given the sub the generated data names: Cognito
 * would choose it, cognito-local takes it, and so the data set stays a function of its size alone.
 */
record AppPools(URI endpoint, String devPool, String prodPool, int users) {
    /** Creates both pools with {@code users}, named after {@code tag}. */
    static AppPools create(URI endpoint, List<SampleData.User> users, String tag) {
        try (CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            String dev = cognito.createUserPool(b -> b.poolName(tag + "-dev")).userPool().id();
            String prod = cognito.createUserPool(b -> b.poolName(tag + "-prod")).userPool().id();
            for (int i = 0; i < users.size(); i++) {
                String email = String.format(Locale.ROOT, "user-%04d@bench.dmig.example", i);
                createUser(cognito, dev, users.get(i).devSub(), email);
                createUser(cognito, prod, users.get(i).prodSub(), email);
            }
            return new AppPools(endpoint, dev, prod, users.size());
        }
    }

    private static void createUser(CognitoIdentityProviderClient cognito, String pool, String sub, String email) {
        cognito.adminCreateUser(b -> b.userPoolId(pool).username(sub).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("sub").value(sub).build(),
                        AttributeType.builder().name("email").value(email).build()));
    }

    /**
     * Names both pools in {@code plan}, at cognito-local, and pairs their users by email; the plan's identity map, which
     * gives the identity-pool IDs of the users' Storage keys, stays beside them.
     */
    void name(ObjectNode plan) {
        for (String[] side : new String[][] {{"source", devPool}, {"target", prodPool}}) {
            ObjectNode node = (ObjectNode) plan.get(side[0]);
            node.put("userPoolId", side[1]);
            node.put("userPoolEndpoint", endpoint.toString());
        }
        plan.withObject("/identities").put("matchBy", "email");
    }
}
