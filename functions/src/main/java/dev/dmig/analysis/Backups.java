package dev.dmig.analysis;

import dev.dmig.Named;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Reads;
import java.util.ArrayList;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A way back before the first write: every target table must have point-in-time recovery on, or
 * get an on-demand backup now when the plan says {@code backupBeforeWrite}; otherwise the run is
 * refused. {@code "backup": false} (or {@code --no-backup}) opts out explicitly.
 */
final class Backups {
    private Backups() {}

    /** The backups taken, by target table (PITR tables need none); throws when a table has no way back. */
    static Map<String, String> ensure(ItemStore items, MigrationPlan plan, List<String> models, String runId) {
        Map<String, String> taken = new LinkedHashMap<>();
        List<String> without = new ArrayList<>();
        List<String> tables = models.stream().map(plan::targetTable).toList();
        // Every table's point-in-time recovery asked for first, several at once.
        List<Boolean> recovering = Reads.all(tables, table -> {
            try {
                return items.pointInTimeRecovery(table);
            } catch (AwsServiceException e) {
                if (!"UnknownOperationException".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                    throw e;
                }
                throw new BackupRequiredException("table " + table + ": this DynamoDB has no backups (DynamoDB Local has none); "
                        + "set \"backup\": false or pass --no-backup to go without (nothing was written)");
            }
        });
        for (int i = 0; i < tables.size(); i++) {
            String table = tables.get(i);
            if (recovering.get(i)) {
                continue;
            }
            if (plan.backupBeforeWrite()) {
                taken.put(table, items.createBackup(table, backupName(table, runId)));
            } else {
                without.add(table);
            }
        }
        if (!without.isEmpty()) {
            throw new BackupRequiredException("no way back for " + Named.first(without)
                    + ": point-in-time recovery is off; turn it on, set \"backupBeforeWrite\": true to let dmig take "
                    + "on-demand backups, or set \"backup\": false (--no-backup) to go without (nothing was written)");
        }
        return taken;
    }

    /** Backup names: 3-255 of letters, digits, '_', '-', '.'. */
    static String backupName(String table, String runId) {
        String name = ("dmig-" + runId + "-" + table).replaceAll("[^A-Za-z0-9_.-]", "-");
        return name.length() > 255 ? name.substring(0, 255) : name;
    }
}
