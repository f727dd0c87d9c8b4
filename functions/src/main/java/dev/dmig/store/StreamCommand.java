package dev.dmig.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code aws dynamodb update-table} command dmig prints for a source table whose stream is not on as following a
 * live source needs it (new and old images), for the account the plan reads it in: the one change to a source table dmig
 * ever asks for, and makes itself only when asked ({@code dmig migrate --follow --enable-streams}).
 */
public final class StreamCommand {
    private StreamCommand() {}

    /**
     * {@code account} with the region {@code client} uses where the account names an endpoint but no region (dmig then uses
     * its own): the aws CLI a printed command runs needs the region to find the same tables (DynamoDB Local keeps tables
     * per region).
     */
    public static Account reachedAt(Account account, DynamoDbClient client) {
        if (account == null || account.endpoint() == null || account.region() != null || client == null
                || client.serviceClientConfiguration().region() == null) {
            return account;
        }
        return new Account(client.serviceClientConfiguration().region().id(), account.roleArn(), account.externalId(),
                account.endpoint(), account.session());
    }

    /** The command that turns on a table's stream as following needs it, for the account the plan reads it in. */
    public static String turnOn(String table, Account account) {
        StringBuilder command = new StringBuilder("aws dynamodb update-table --table-name ").append(table)
                .append(" --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
        if (account != null && account.region() != null) {
            command.append(" --region ").append(account.region());
        }
        if (account != null && account.endpoint() != null) {
            command.append(" --endpoint-url ").append(account.endpoint());
        }
        return command.toString();
    }
}
