package dev.dmig.feature.datastore;

import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.WriteAt;
import dev.dmig.migrate.WriteRule;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Under {@code datastore: reset}, a soft-deleted DataStore row ({@code _deleted}) is not copied: clients have deleted it. */
final class DataStoreWriteRule implements WriteRule {
    /** A soft-deleted row, not copied under {@code reset}. */
    static final LeftBehind.Reason SOFT_DELETED = new LeftBehind.Reason("softDeleted",
            "is a soft-deleted DataStore row (_deleted) and is not copied (datastore is reset)",
            "a soft-deleted DataStore row (_deleted): clients have deleted it", "soft-deleted DataStore rows",
            "soft-deleted DataStore row left behind", "soft-deleted DataStore rows left behind");
    private static final WriteAt NOT_COPIED = WriteAt.notCopied(SOFT_DELETED);

    private DataStoreWriteRule() {}

    static void addTo(List<WriteRule> rules, Parts parts) {
        if (DataStoreTable.of(parts.table()).mode() == DataStoreMode.RESET) {
            rules.add(new DataStoreWriteRule());
        }
    }

    @Override
    public WriteAt at(Map<String, AttributeValue> source) {
        return DataStoreItems.softDeleted(source) ? NOT_COPIED : null;
    }

    @Override
    public boolean leavesBehind() {
        return true;
    }
}
