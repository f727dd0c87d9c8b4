package dev.dmig.feature.mask;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.identity.PoolUser;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.PlaceholderWalk;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The source pool's users the run's records name: the subs of every identity value (a sub, a username, an owner {@code
 * <sub>::<username>}) that the run's source items hold, read through the run's view of its source (a slice's members
 * only) in the tables whose plan maps identities, before the analysis scans them. Only these users are put in the target's
 * pool. A read longer than a call keeps where it stopped (the tables done, the next page's key, the subs found, which
 * name no one outside the pools) and the next call goes on from there.
 */
final class NamedUsers {
    /**
     * What is read so far: the tables done, in the run's order, the key the next table's read goes on after (null: its
     * start), and the subs the records read name.
     */
    record Progress(int tablesDone, JsonNode lastKey, Set<String> subs) {}

    private final ArtifactStore artifacts;
    private final String runId;
    private final MigrationPlan plan;
    private final PlaceholderWalk placeholders;
    private final int pageSize;

    NamedUsers(ArtifactStore artifacts, String runId, MigrationPlan plan, PlaceholderWalk placeholders, int pageSize) {
        this.artifacts = artifacts;
        this.runId = runId;
        this.plan = plan;
        this.placeholders = placeholders;
        this.pageSize = pageSize;
    }

    private String path() {
        return RunLayout.prefix(runId) + "mask/named-users.json";
    }

    /** The subs of {@code users} that the records of {@code models} in {@code source} name; null when {@code deadline} came first. */
    Set<String> of(ItemStore source, List<String> models, List<PoolUser> users, Deadline deadline) {
        Map<String, String> byUsername = new HashMap<>();
        Set<String> subs = new TreeSet<>();
        users.stream().filter(user -> user.sub() != null).forEach(user -> {
            subs.add(user.sub());
            byUsername.put(user.username(), user.sub());
        });
        Progress progress = artifacts.getJson(path(), Progress.class).orElse(new Progress(0, null, Set.of()));
        Set<String> named = new TreeSet<>(progress.subs());
        List<String> mapping = models.stream().filter(model -> !plan.table(model).identityReferences().isEmpty()).toList();
        Map<String, AttributeValue> start = progress.lastKey() == null ? null : DynamoJson.item(progress.lastKey());
        for (int table = progress.tablesDone(); table < mapping.size(); table++) {
            String model = mapping.get(table);
            do {
                if (deadline.passed()) {
                    artifacts.putJson(path(), new Progress(table, start == null ? null : DynamoJson.item(start), named));
                    return null;
                }
                ScanPage page = source.scan(plan.sourceTable(model), 0, 1, start, pageSize, false);
                page.items().forEach(item -> names(model, item, subs, byUsername, named));
                start = page.last() ? null : page.lastEvaluatedKey();
            } while (start != null);
            artifacts.putJson(path(), new Progress(table + 1, null, named));
        }
        return named;
    }

    /** Adds to {@code named} the source user each identity value of {@code item} names. */
    private void names(String model, Map<String, AttributeValue> item, Set<String> subs, Map<String, String> byUsername,
                       Set<String> named) {
        try {
            placeholders.forEach(model, item, PlaceholderTarget.Identity.class, (path, identity, value) -> {
                String sub = sub(identity.kind(), value, subs, byUsername);
                if (sub != null) {
                    named.add(sub);
                }
            });
        } catch (ItemInvalidException unmatchedPattern) {
            // A value its patterns do not take names no user; the analysis reports the item's problem.
            return;
        }
    }

    /** The sub of the source user {@code value} names as a {@code kind}; null for none (an identity-pool ID, a stranger). */
    static String sub(IdentityKind kind, String value, Set<String> subs, Map<String, String> byUsername) {
        int split = value.indexOf("::");
        return switch (kind) {
            case SUB -> subs.contains(value) ? value : null;
            case USERNAME -> subs.contains(value) ? value : byUsername.get(value);
            case OWNER -> split >= 0 ? (subs.contains(value.substring(0, split)) ? value.substring(0, split) : null)
                    : subs.contains(value) ? value : byUsername.get(value);
            case IDENTITY_ID -> null;
        };
    }
}
