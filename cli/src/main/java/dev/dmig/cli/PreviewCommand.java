package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.PlanFile;
import dev.dmig.cli.runs.Session;
import dev.dmig.cli.runs.Where;
import dev.dmig.cli.views.PreviewView;
import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.PoolUsers;
import dev.dmig.identity.UserPools;
import dev.dmig.json.Json;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.WriteAt;
import dev.dmig.plan.Identities;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@Command(name = "preview", sortOptions = false,
        header = "Shows source items beside the items a run of the plan would write, writing nothing.",
        description = {"Reads a few items of one source table (--limit, or the item --id names) and maps each as a run of the "
                        + "plan would: its new ID, its references, identities, patterns, file keys and DataStore fields. Prints "
                        + "each attribute's source value beside its target value (\"=\": unchanged), and says which items a run "
                        + "would leave behind or refuse, and why; a record the plan's match pairs with a record the target holds "
                        + "shows that record's ID. Reads only: DescribeTable, Scan or Query of the source table, Scans of the source "
                        + "and target tables with a match (the table and those its records refer to), and ListUsers of the plan's "
                        + "user pools when its identity map comes from them; nothing is written anywhere.",
                "",
                "  dmig preview --plan plan.json --table Projects --limit 2"})
final class PreviewCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 3;
    static final int MAX_LIMIT = 100;

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The migration plan (JSON).")
    Path planFile;

    @Option(names = "--table", required = true, paramLabel = "MODEL", description = "The plan's model whose items to show, e.g. Projects.")
    String model;

    @Option(names = "--id", paramLabel = "ID", description = "The item (or, with a sort key, the items) with this partition-key value.")
    String id;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "How many items to show (default: ${DEFAULT-VALUE}, at most " + MAX_LIMIT + ").")
    int limit;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default: attribute by attribute) or json: each source item and its target item whole, in "
                    + "DynamoDB's JSON.")
    String output;

    /** The start a run would give reset DataStore rows (a run uses its own: the view says so). */
    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (where.aws) {
            // Before the other options are weighed against --aws: preview has nothing to run there.
            throw new IllegalArgumentException("--aws: preview reads the source from this machine and runs nothing on AWS; leave"
                    + " --aws out (with credentials for the source, as for dmig infer)");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("--limit " + limit + " is out of range: give 1 to " + MAX_LIMIT);
        }
        if (!output.equals("text") && !output.equals("json")) {
            throw new IllegalArgumentException("--output " + output + " is not a format: give text or json");
        }
        JsonNode read = PlanFile.read(planFile);
        byte[] csv = PlanOptions.identityFile(planFile, read);
        MigrationPlan plan = PlanParser.parse(Json.bytes(read));
        if (!plan.tables().containsKey(model)) {
            throw new IllegalArgumentException("table " + model + " is not in the plan " + planFile + " (its models: "
                    + String.join(", ", plan.tables().keySet()) + ")");
        }
        if (plan.table(model).skip()) {
            err.println("table " + model + " is skipped by the plan (\"skip\": true): a run writes none of its items");
            return ExitCode.OK;
        }
        try (Session session = Session.open(where)) {
            ItemStore source = session.services().items().across(plan.sides());
            List<Map<String, AttributeValue>> items = read(source, plan.sourceTable(model));
            IdentityMap identities = identities(plan, csv, session.environment().userPools());
            long start = clock.millis();
            // What the run would fix, made as the analysis makes it: a matched record's new ID is the target record's, and so are references to it.
            RunMappings mappings;
            try {
                mappings = new RunMappings(start, identities).previewing(source, plan, model);
            } catch (ConflictsFoundException e) {
                // As a run is refused: each pair a line, saying the way on.
                err.println("error: " + e.getMessage() + "; a run of this plan is refused:");
                e.problemLines().forEach(line -> Format.wrap("  " + line, "    ").forEach(err::println));
                return ExitCode.REFUSED;
            }
            ItemTransformer transformer = new ItemTransformer(plan, mappings);
            List<PreviewView.Previewed> previewed = items.stream().map(item -> preview(transformer, item)).toList();
            if (output.equals("json")) {
                out.println(Json.pretty(json(previewed, plan.table(model).idAttribute())));
            } else {
                new PreviewView(out, plan.table(model).idAttribute(), start).print(model, previewed);
            }
            err.println(summary(plan, items.size()));
        }
        return ExitCode.OK;
    }

    /** A source item and what a run would do with it: the item it writes, or why it writes none. */

    private List<Map<String, AttributeValue>> read(ItemStore source, String table) {
        TableInfo info = source.describe(table).orElseThrow(() -> new IllegalArgumentException("source table " + table
                + " does not exist (the plan's source.tableSuffix and table " + model + "): check the plan and where dmig looks"
                + " (--dynamodb-endpoint, --region)"));
        if (id == null) {
            return source.scan(table, 0, 1, null, limit, false).items();
        }
        AttributeValue key = info.hashKey().type() == ScalarAttributeType.N ? AttributeValue.fromN(id) : AttributeValue.fromS(id);
        List<Map<String, AttributeValue>> found = source.query(info, key, limit);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("source table " + table + " has no item with " + info.hashKey().name() + " = " + id);
        }
        return found;
    }

    /**
     * The map a run would freeze: the plan's file, and the pools' users paired as analysis pairs them (and as a feature
     * that puts users of its own in the target's pool would pair them again: masking's).
     */
    private static IdentityMap identities(MigrationPlan plan, byte[] csv, UserPools pools) {
        Identities identities = plan.identities();
        if (identities == null) {
            return IdentityMap.EMPTY;
        }
        IdentityMap given = identities.csv() == null ? null : IdentityCsv.parse(identities.csv(), csv);
        if (!identities.fromPools()) {
            return given;
        }
        return PoolUsers.preview(plan, pools, given);
    }

    private PreviewView.Previewed preview(ItemTransformer transformer, Map<String, AttributeValue> source) {
        LeftBehind.Reason reason = transformer.leftBehind(model, source);
        if (reason != null) {
            return new PreviewView.Previewed(source, null, reason.preview(), null, null);
        }
        try {
            Map<String, AttributeValue> target = transformer.transform(model, source);
            WriteAt.Pairing pairing = transformer.writeAt(model, source).pairing();
            PreviewView.Paired paired = pairing == null ? null : new PreviewView.Paired(pairing.on(), pairing.policy());
            return new PreviewView.Previewed(source, target, null, null, paired);
        } catch (ItemInvalidException e) {
            return new PreviewView.Previewed(source, null, null, e.getMessage(), null);
        }
    }

    private static ArrayNode json(List<PreviewView.Previewed> previewed, String idAttribute) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (PreviewView.Previewed item : previewed) {
            ObjectNode node = items.addObject();
            node.set("source", DynamoJson.item(item.source()));
            if (item.paired() != null) {
                node.put("pairedWith", item.target().get(idAttribute).s()).put("whenMatched", item.paired().whenMatched());
            }
            if (item.target() != null && (item.paired() == null || item.paired().writes())) {
                node.set("target", DynamoJson.item(item.target()));
            }
            if (item.leftBehind() != null) {
                node.put("leftBehind", item.leftBehind());
            }
            if (item.refused() != null) {
                node.put("refused", item.refused());
            }
        }
        return items;
    }

    private String summary(MigrationPlan plan, int shown) {
        return shown + (shown == 1 ? " item" : " items") + " of " + plan.sourceTable(model) + " mapped as a run of " + planFile
                + " would map " + (shown == 1 ? "it" : "them") + "; nothing written"
                + (plan.identities() != null && plan.identities().fromPools() ? " (identities paired from the pools as they are now)" : "");
    }
}
