package dev.dmig.feature.mask;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.WithheldIds;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a masked run's artifacts keep of its source keys. Where a scan stands, every table's sealed (a key attribute may
 * hold a value the run masks: an email in a sort key, a composite key's part). The source IDs of the tables whose IDs
 * hold a value it masks, none: a table whose ID attribute a rule masks (a table keyed by its users' emails), and a table
 * whose ID names such a table's records or users ({@code USER#{email}}: its pattern's placeholder, or the whole value),
 * which holds the same value. An example names such a record, an ID naming one and a Storage object the run renames by
 * its key, ID or object key in the target, where the run writes one other than the source's, else by what it is. Made
 * from the plan alone, for every step alike.
 */
final class WithheldSourceIds implements WithheldIds {
    /** Its value of a run, made from the plan. */
    static final RunMappings.Feature FEATURE = RunMappings.Feature.fromPlan(WithheldSourceIds::of);

    /** What follows a key or ID an example shows as the run writes it in the target. */
    static final String IN_TARGET = " (as in the target)";
    /** What an example says in place of a record's key the run cannot tell in the target. */
    static final String KEY_WITHHELD = "(its key holds a value the run masks)";
    /** What an example says in place of an ID the run gives no other in the target. */
    static final String ID_WITHHELD = "(an ID holding a value the run masks)";

    private final Set<String> models;
    private final MaskSettings settings;
    /** Made at the first key sealed or opened, so that a process that keeps none needs no masking key. */
    private volatile ScanKeySeal seal;

    private WithheldSourceIds(Set<String> models, MaskSettings settings) {
        this.models = models;
        this.settings = settings;
    }

    /** The plan's; null when it masks nothing. */
    static WithheldSourceIds of(MigrationPlan plan) {
        if (plan.section(MaskSettings.class) == null) {
            return null;
        }
        MaskSettings settings = plan.section(MaskSettings.class);
        Set<String> withheld = new TreeSet<>();
        plan.tables().values().stream().filter(WithheldSourceIds::masksId).forEach(table -> withheld.add(table.model()));
        // A table whose ID names another's records holds their IDs: as far as such names go.
        boolean grew = true;
        while (grew) {
            grew = false;
            for (TablePlan table : plan.tables().values()) {
                if (!withheld.contains(table.model()) && namesWithheld(table, withheld)) {
                    grew = withheld.add(table.model());
                }
            }
        }
        return new WithheldSourceIds(withheld, settings);
    }

    /** Whether a rule of the table's mask is at its ID attribute. */
    static boolean masksId(TablePlan table) {
        TableMask mask = table.feature(TableMask.class);
        return mask != null && mask.masking().stream().anyMatch(rule -> MaskedIds.isId(table, rule.path()));
    }

    /** Whether the table's ID attribute is a reference to a withheld table, or a pattern holding its IDs or users. */
    private static boolean namesWithheld(TablePlan table, Set<String> withheld) {
        ReferencePath id = ReferencePath.parse(table.idAttribute());
        String whole = table.references().get(id);
        if (whole != null) {
            return withheld.contains(whole);
        }
        ValueMapping mapping = table.mappings().get(id);
        return mapping != null && (mapping.mapsIdentities() || mapping.models().stream().anyMatch(withheld::contains));
    }

    @Override
    public boolean withholds(String model) {
        return models.contains(model);
    }

    @Override
    public boolean seals(String model) {
        return true;
    }

    @Override
    public JsonNode seal(String model, JsonNode key) {
        return seal().sealed(key);
    }

    @Override
    public JsonNode open(String model, JsonNode kept) {
        return seal().opened(kept);
    }

    @Override
    public String shownKey(String model, String target) {
        return target != null ? target + IN_TARGET : KEY_WITHHELD;
    }

    @Override
    public String shownId(String model, String targetId) {
        return targetId != null ? targetId + IN_TARGET : ID_WITHHELD;
    }

    @Override
    public String shownObjectKey(String sourceKey, String targetKey) {
        String read = PlaceholderObjects.real(sourceKey);
        return targetKey == null || targetKey.equals(read) ? read : targetKey + IN_TARGET;
    }

    private ScanKeySeal seal() {
        ScanKeySeal made = seal;
        if (made == null) {
            synchronized (this) {
                if (seal == null) {
                    seal = new ScanKeySeal(settings.key());
                }
                made = seal;
            }
        }
        return made;
    }
}
