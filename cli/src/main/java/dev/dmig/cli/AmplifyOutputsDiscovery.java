package dev.dmig.cli;

import dev.dmig.infer.AmplifyOutputs;
import dev.dmig.infer.AmplifyProjectException;
import dev.dmig.infer.AppSchema;
import dev.dmig.infer.AppSyncTables;
import dev.dmig.infer.DeployedBackend;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.appsync.AppSyncClient;
import software.amazon.awssdk.services.appsync.model.DataSource;
import software.amazon.awssdk.services.appsync.model.DataSourceType;
import software.amazon.awssdk.services.appsync.model.GraphqlApi;
import software.amazon.awssdk.services.appsync.model.ListDataSourcesResponse;
import software.amazon.awssdk.services.appsync.model.ListGraphqlApisResponse;

/**
 * {@code dmig infer --from-outputs A.json --to-outputs B.json}: what two branches of an Amplify Gen 2 app wrote down in
 * their {@code amplify_outputs.json} ({@link AmplifyOutputs}), and what AppSync says of their data APIs
 * ({@link AppSyncTables}: {@code ListGraphqlApis}, {@code ListDataSources}), turned into the options infer takes
 * otherwise. The schema is the source's {@code data.model_introspection}, or the folder {@code --amplify} names. Every
 * value found is printed with the file and field, or the AWS call, it came from. Reads only.
 */
final class AmplifyOutputsDiscovery {
    private AmplifyOutputsDiscovery() {}

    /** The two branches' outputs, and the schema's folder when not the source's model introspection (null then). */
    record Outputs(AmplifyOutputs source, AmplifyOutputs target, Path schema) {}

    /** What was found: each side's outputs and tables' suffix, and the schema read. */
    record Discovered(AmplifyOutputs source, AmplifyOutputs target, String sourceSuffix, String targetSuffix, AppSchema schema) {}

    /** Lists one branch's data API and its data sources: {@code source} says which side it is. */
    interface ApiReader {
        AppSyncTables read(AmplifyOutputs outputs, boolean source);
    }

    /** Reads the schema, then both branches' APIs ({@code apis}), printing each value with where it was found. */
    static Discovered discover(Outputs outputs, ApiReader apis, PrintWriter err) {
        err.println("amplify outputs: " + outputs.source().file() + " (source) and " + outputs.target().file() + " (target)");
        AppSchema schema = AppSchema.read(outputs.schema() != null ? outputs.schema() : outputs.source().file());
        err.println("  schema: " + (outputs.schema() != null ? outputs.schema() + " (--amplify)" : outputs.source().file()
                + " data.model_introspection") + ": " + schema.models().size() + " models");
        String sourceSuffix = side("source", outputs.source(), apis.read(outputs.source(), true), schema, err);
        String targetSuffix = side("target", outputs.target(), apis.read(outputs.target(), false), schema, err);
        return new Discovered(outputs.source(), outputs.target(), sourceSuffix, targetSuffix, schema);
    }

    private static String side(String side, AmplifyOutputs outputs, AppSyncTables api, AppSchema schema, PrintWriter err) {
        for (DeployedBackend.Found found : outputs.found()) {
            err.println("  " + side + ": " + what(found) + " " + found.value() + " (" + found.where() + ")"
                    + (found == outputs.identityPool() ? ": not read, identity-pool IDs are the data's and identities.csv's" : ""));
        }
        String suffix = api.tableSuffix(schema);
        err.println("  " + side + ": API " + api.apiName() + ", ID " + api.apiId() + " (AppSync ListGraphqlApis: the one whose"
                + " uris.GRAPHQL is data.url): tables <Model>" + suffix + " (ListDataSources: " + api.tables().size()
                + " DynamoDB data sources)");
        return suffix;
    }

    private static String what(DeployedBackend.Found found) {
        String field = found.where().substring(found.where().lastIndexOf(' ') + 1);
        return switch (field) {
            case "data.url" -> "GraphQL API";
            case "data.aws_region" -> "region";
            case "auth.user_pool_id" -> "user pool";
            case "auth.identity_pool_id" -> "identity pool";
            case "storage.aws_region" -> "Storage region";
            default -> "Storage bucket";
        };
    }

    /**
     * The API of {@code outputs} ({@code data.url}) and its DynamoDB data sources, each call paged through its
     * {@code nextToken}. A call AppSync refuses is one line naming the side, the call and the permission it needs
     * ({@code at}: where AppSync was called, for that line).
     */
    static AppSyncTables list(AppSyncClient appSync, AmplifyOutputs outputs, String side, String at) {
        String url = outputs.dataUrl().value();
        GraphqlApi api = null;
        String token = null;
        do {
            String next = token;
            ListGraphqlApisResponse page = call(() -> appSync.listGraphqlApis(b -> b.nextToken(next)), side, outputs,
                    "ListGraphqlApis", "appsync:ListGraphqlApis", at);
            for (GraphqlApi listed : page.graphqlApis()) {
                if (url.equals(listed.uris().get("GRAPHQL"))) {
                    api = listed;
                }
            }
            token = page.nextToken();
        } while (api == null && token != null);
        if (api == null) {
            throw new AmplifyProjectException(side + " " + outputs.file() + ": no AppSync API has the GraphQL URI " + url + " (data.url;"
                    + " ListGraphqlApis " + at + "): the branch was deleted or redeployed since; run npx ampx generate outputs again");
        }
        String apiId = api.apiId();
        Map<String, String> tables = new LinkedHashMap<>();
        token = null;
        do {
            String next = token;
            ListDataSourcesResponse page = call(() -> appSync.listDataSources(b -> b.apiId(apiId).nextToken(next)), side, outputs,
                    "ListDataSources of API " + apiId, "appsync:ListDataSources", at);
            for (DataSource source : page.dataSources()) {
                if (source.type() == DataSourceType.AMAZON_DYNAMODB && source.dynamodbConfig() != null) {
                    tables.put(source.name(), source.dynamodbConfig().tableName());
                }
            }
            token = page.nextToken();
        } while (token != null);
        return new AppSyncTables(side + " " + outputs.file(), apiId, api.name(), tables);
    }

    private static <T> T call(Supplier<T> call, String side, AmplifyOutputs outputs, String name, String permission, String at) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new AmplifyProjectException(side + " " + outputs.file() + ": AppSync refused " + name + " (" + (code == null ? ""
                    : code + ", ") + "HTTP " + e.statusCode() + ", " + at + "): infer needs " + permission);
        } catch (SdkClientException e) {
            throw new AmplifyProjectException(side + " " + outputs.file() + ": cannot reach AppSync " + at + " for " + name + ": check"
                    + " the network, or --appsync-endpoint");
        }
    }

    /**
     * Refuses, in one line, a table the data sources name that DynamoDB does not have on one side ({@code sourceHas},
     * {@code targetHas}: DescribeTable where each side's tables are); prints that each has them all otherwise.
     */
    static void checkTables(Discovered discovered, Predicate<String> sourceHas, Predicate<String> targetHas, PrintWriter err) {
        for (boolean source : new boolean[] {true, false}) {
            String suffix = source ? discovered.sourceSuffix() : discovered.targetSuffix();
            List<String> missing = discovered.schema().models().stream().map(m -> m.name() + suffix)
                    .filter(t -> !(source ? sourceHas : targetHas).test(t)).toList();
            if (!missing.isEmpty()) {
                throw new AmplifyProjectException((missing.size() == 1 ? "table " + missing.get(0) + ", which ListDataSources names,"
                        + " does not" : "tables " + String.join(", ", missing) + ", which ListDataSources names, do not") + " exist"
                        + " where infer reads the " + (source ? "source" : "target") + "'s tables: give the region or account"
                        + " they are in (" + (source ? "--source-region, --source-role-arn" : "--region") + ")");
            }
        }
        err.println("  tables: each of the schema's " + discovered.schema().models().size() + " models has its table on both sides"
                + " (DescribeTable)");
    }

    /** Where AppSync is called, as the refusals name it: {@code at <endpoint>}, or {@code in <region>}. */
    static String at(URI endpoint, String region) {
        return endpoint != null ? "at " + endpoint : "in " + region;
    }
}
