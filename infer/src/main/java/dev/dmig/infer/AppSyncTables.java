package dev.dmig.infer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Gen 2 branch's data API as AppSync lists it: the API whose GraphQL URI is the outputs' {@code data.url}
 * ({@code ListGraphqlApis}) and the table of each of its DynamoDB data sources ({@code ListDataSources},
 * {@code dynamodbConfig.tableName}). Amplify names a model's data source {@code <Model>Table} and its table
 * {@code <Model>-<apiId>-NONE}; a Gen 1 app migrated to Gen 2 keeps its Gen 1 tables ({@code <Model>-<apiId>-<env>}),
 * which the data sources name too, so the tables are read from them, not from the API's ID. A plan names a side's tables
 * by one suffix, so every model's table must be the model's name and the same suffix.
 *
 * @param file    the outputs file the API was found for, as the lines and refusals name it
 * @param apiId   the API's ID
 * @param apiName the API's name
 * @param tables  each DynamoDB data source's name and table, as listed
 */
public record AppSyncTables(String file, String apiId, String apiName, Map<String, String> tables) {
    /** What Amplify appends to a model's name to name its data source. */
    public static final String DATA_SOURCE = "Table";

    public AppSyncTables {
        tables = Map.copyOf(tables);
    }

    /**
     * The table of each of the schema's models, in its order: the table its data source ({@code <Model>Table}) names. A
     * model the API has no DynamoDB data source for is refused in one line, named with the others: the branch deployed
     * another schema than the one read.
     */
    public Map<String, String> modelTables(AppSchema schema) {
        Map<String, String> found = new LinkedHashMap<>();
        for (AppSchema.Model model : schema.models()) {
            String table = tables.get(model.name() + DATA_SOURCE);
            if (table != null) {
                found.put(model.name(), table);
            }
        }
        List<String> missing = schema.models().stream().map(AppSchema.Model::name).filter(m -> !found.containsKey(m)).toList();
        if (!missing.isEmpty()) {
            throw new AmplifyProjectException(file + ": the API " + apiId + " has no DynamoDB data source for " + (missing.size() == 1
                    ? "model " : "models ") + String.join(", ", missing) + " (ListDataSources: " + String.join(", ", missing.stream()
                    .map(m -> m + DATA_SOURCE).toList()) + "), which " + schema.source() + " declares: the branch deployed another"
                    + " schema; deploy this one to it, or give the schema it has (--amplify)");
        }
        return found;
    }

    /**
     * The suffix every model's table has after the model's name ({@code -<apiId>-NONE}); refused in one line when a table
     * does not begin with its model's name or two models' suffixes differ, which one plan cannot name.
     */
    public String tableSuffix(AppSchema schema) {
        String suffix = null;
        String first = null;
        for (Map.Entry<String, String> table : modelTables(schema).entrySet()) {
            String model = table.getKey();
            if (!table.getValue().startsWith(model + "-")) {
                throw new AmplifyProjectException(file + ": model " + model + "'s table is " + table.getValue() + " (ListDataSources, "
                        + model + DATA_SOURCE + "), not " + model + "-<apiId>-<env>: a plan names each side's tables <Model><suffix>;"
                        + " migrate this model's table with a plan of its own");
            }
            String own = table.getValue().substring(model.length());
            if (suffix != null && !suffix.equals(own)) {
                throw new AmplifyProjectException(file + ": model " + first + "'s table is " + first + suffix + " and model " + model
                        + "'s is " + table.getValue() + " (ListDataSources): a plan names each side's tables by one suffix;"
                        + " migrate the tables of each suffix with a plan of their own");
            }
            suffix = own;
            first = first == null ? model : first;
        }
        return suffix;
    }
}
