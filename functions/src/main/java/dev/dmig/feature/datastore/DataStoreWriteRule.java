package dev.dmig.feature.datastore;

import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.WriteAt;
import dev.dmig.migrate.WriteRule;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Under {@code datastore: reset}, a soft-deleted DataStore row ({@code _deleted}) is not copied: clients have deleted it. */
final class DataStoreWriteRule implements WriteRule {
    private static final WriteAt SOFT_DELETED = WriteAt.notCopied(LeftBehind.Reason.SOFT_DELETED);

    private DataStoreWriteRule() {}

    static void addTo(List<WriteRule> rules, Parts parts) {
        if (DataStoreTable.of(parts.table()).mode() == DataStoreMode.RESET) {
            rules.add(new DataStoreWriteRule());
        }
    }

    @Override
    public WriteAt at(Map<String, AttributeValue> source) {
        return DataStoreItems.softDeleted(source) ? SOFT_DELETED : null;
    }

    @Override
    public boolean leavesBehind() {
        return true;
    }
}
