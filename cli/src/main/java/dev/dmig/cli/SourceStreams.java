package dev.dmig.cli;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ItemStore;
import dev.dmig.store.StreamCommand;
import java.io.PrintWriter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code dmig migrate --follow --enable-streams}: turns on the stream following needs on each source table that has
 * none, saying so for each: the only change dmig ever makes to a source table, and only when asked. A table whose stream
 * carries something else is left as it is (changing a stream's view type means turning it off first, which its other
 * readers would notice): the run then refuses it, naming the command.
 */
final class SourceStreams {
    private SourceStreams() {}

    static void enable(ItemStore home, MigrationPlan plan, PrintWriter out) {
        ItemStore items = home.across(plan.sides());
        for (String model : plan.migratedModels()) {
            String table = plan.sourceTable(model);
            DynamoDbClient client = items.client(table).orElse(null);
            if (client == null) {
                continue;
            }
            TableDescription description = client.describeTable(b -> b.tableName(table)).table();
            StreamSpecification spec = description.streamSpecification();
            if (spec != null && Boolean.TRUE.equals(spec.streamEnabled())) {
                continue;
            }
            client.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            out.println("turned on the stream of source table " + table + " (NEW_AND_OLD_IMAGES), as --enable-streams asked; "
                    + "turn it off after the cut-over with: " + StreamCommand.turnOn(table, StreamCommand.reachedAt(plan.sides().source(), client))
                    .replace("StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES", "StreamEnabled=false"));
        }
        out.flush();
    }
}
