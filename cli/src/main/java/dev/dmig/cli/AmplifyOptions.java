package dev.dmig.cli;

import dev.dmig.infer.AmplifyOutputs;
import dev.dmig.infer.AmplifyProject;
import dev.dmig.infer.AmplifyProjectException;
import dev.dmig.infer.AppSchema;
import dev.dmig.infer.DeployedBackend;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code dmig infer --amplify DIR --from ENV --to ENV}: what an Amplify Gen 1 project wrote down of its environments,
 * turned into the options infer takes otherwise. {@code amplify/team-provider-info.json} names each environment's region
 * and deployment bucket; the bucket's {@value DeployedBackend#ZIP} holds the environment's {@code amplify-meta.json},
 * read for both environments alike (the checked-out one's {@code amplify/backend/amplify-meta.json} is not read, so
 * neither side is taken from a file that may be older than its deployment); the schema is the project's own
 * {@code amplify/backend/api/<name>/}. Every value found is printed with the file and field it came from. Reads only.
 */
final class AmplifyOptions {
    @Option(names = "--amplify", paramLabel = "DIR",
            description = "An Amplify Gen 1 project folder (the one holding amplify/): infer finds both environments' tables "
                    + "(<Model>-<apiId>-<env>), user pools and Storage buckets in amplify/team-provider-info.json and each "
                    + "environment's deployment bucket (s3:GetObject of " + DeployedBackend.ZIP + "), and reads the schema "
                    + "from amplify/backend/api/<name>/, in place of --source-suffix, --target-suffix, --schema and the pool "
                    + "and bucket options. With --from and --to; with --from-outputs and --to-outputs, the folder of the "
                    + "app's schema, when the outputs' model introspection is not the schema to read.")
    Path project;

    @Option(names = "--from", paramLabel = "ENV", description = "With --amplify: the environment to migrate from (dev).")
    String from;

    @Option(names = "--to", paramLabel = "ENV", description = "With --amplify: the environment to migrate to (prod).")
    String to;

    @Option(names = "--from-outputs", paramLabel = "FILE",
            description = "An Amplify Gen 2 branch's amplify_outputs.json to migrate from (npx ampx generate outputs --branch "
                    + "B writes it): infer finds its user pool, Storage bucket and region there, its API by AppSync's "
                    + "ListGraphqlApis (the one whose GraphQL URI is data.url) and each model's table by ListDataSources, and "
                    + "reads the schema from its data.model_introspection (or --amplify DIR). With --to-outputs.")
    Path fromOutputs;

    @Option(names = "--to-outputs", paramLabel = "FILE",
            description = "With --from-outputs: the amplify_outputs.json of the branch to migrate to.")
    Path toOutputs;

    /** The two environments as {@code team-provider-info.json} lists them. */
    record Environments(AmplifyProject project, AmplifyProject.Environment source, AmplifyProject.Environment target) {}

    /** What each environment deployed, and the schema of the source's API. */
    record Discovered(Environments environments, DeployedBackend source, DeployedBackend target, AppSchema schema) {}

    /** Reads one environment's {@value DeployedBackend#ZIP}: {@code source} says which side it is. */
    interface ZipReader {
        byte[] read(AmplifyProject.Environment environment, boolean source);
    }

    /** Whether discovery finds the sides, Gen 1's (--amplify) or Gen 2's (--from-outputs). */
    boolean given() {
        return project != null || fromOutputs != null || toOutputs != null;
    }

    /**
     * Refuses --from/--to without --amplify, --amplify without both, and the options discovery stands in for
     * ({@code given}: option name → whether it was given); then reads the two environments from
     * {@code team-provider-info.json}, before anything is read from AWS.
     */
    Environments environments(Map<String, Boolean> given) {
        if (fromOutputs != null || toOutputs != null) {
            return null;
        }
        if (project == null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException((from != null ? "--from" : "--to") + " goes with --amplify: add the Amplify project"
                        + " folder whose environments it names");
            }
            return null;
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("--amplify needs --from and --to: the environments to migrate from and to (e.g. --from"
                    + " dev --to prod)");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("--from and --to name the same environment " + from + ": migrate to another one");
        }
        refuseGiven(given, "--amplify", "the project's environments");
        AmplifyProject read = AmplifyProject.read(project);
        return new Environments(read, read.environment(from, "--from"), read.environment(to, "--to"));
    }

    /**
     * Refuses --from-outputs without --to-outputs (or the reverse), with --from/--to, naming one file twice, and the options
     * discovery stands in for; then reads both outputs files, before anything is read from AWS. Null without them.
     */
    AmplifyOutputsDiscovery.Outputs outputs(Map<String, Boolean> given) {
        if (fromOutputs == null && toOutputs == null) {
            return null;
        }
        if (fromOutputs == null || toOutputs == null) {
            throw new IllegalArgumentException((fromOutputs == null ? "--to-outputs" : "--from-outputs") + " goes with "
                    + (fromOutputs == null ? "--from-outputs" : "--to-outputs") + ": give both branches' amplify_outputs.json");
        }
        if (from != null || to != null) {
            throw new IllegalArgumentException((from != null ? "--from" : "--to") + " names a Gen 1 environment: with --from-outputs"
                    + " and --to-outputs, drop it");
        }
        if (fromOutputs.toAbsolutePath().normalize().equals(toOutputs.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--from-outputs and --to-outputs name the same file " + fromOutputs + ": give the"
                    + " outputs of the branch to migrate to");
        }
        refuseGiven(given, "--from-outputs", "the outputs files");
        AmplifyOutputs source = AmplifyOutputs.read(fromOutputs, "--from-outputs");
        AmplifyOutputs target = AmplifyOutputs.read(toOutputs, "--to-outputs");
        if (project == null && !source.schema()) {
            throw new IllegalArgumentException("--from-outputs " + fromOutputs + " has no data.model_introspection: add --amplify DIR,"
                    + " the folder of the app's schema");
        }
        return new AmplifyOutputsDiscovery.Outputs(source, target, project);
    }

    /** Refuses each option given ({@code given}: option name → whether it was) that {@code by} finds in {@code where}. */
    private static void refuseGiven(Map<String, Boolean> given, String by, String where) {
        given.forEach((option, set) -> {
            if (set) {
                throw new IllegalArgumentException(option + " goes without " + by + ": infer finds it in " + where + "; drop "
                        + option + ", or infer without " + by);
            }
        });
    }

    /**
     * Reads both environments' deployed backends ({@code zips}) and the source API's schema, printing each value with where
     * it was found.
     */
    static Discovered discover(Environments environments, ZipReader zips, PrintWriter err) {
        err.println("amplify project " + environments.project().folder() + ": environments " + environments.source().name()
                + " (source) and " + environments.target().name() + " (target), from " + AmplifyProject.TEAM_PROVIDER_INFO);
        DeployedBackend source = deployed(environments.source(), zips.read(environments.source(), true), err);
        DeployedBackend target = deployed(environments.target(), zips.read(environments.target(), false), err);
        Path api = environments.project().apiFolder(source.api().resource());
        AppSchema schema = AppSchema.read(api);
        err.println("  schema: " + environments.project().folder().relativize(api) + "/ (the API " + source.environment()
                + " deployed, " + source.api().resource() + "): " + schema.models().size() + " models");
        return new Discovered(environments, source, target, schema);
    }

    private static DeployedBackend deployed(AmplifyProject.Environment environment, byte[] zip, PrintWriter err) {
        String name = environment.name();
        err.println("  " + name + ": region " + environment.region() + " (" + environment.field("Region") + "), deployment bucket "
                + environment.deploymentBucket() + " (…" + name + ".awscloudformation.DeploymentBucketName)");
        DeployedBackend backend = DeployedBackend.read(name, zipName(environment), zip);
        err.println("  " + name + ": read " + backend.read() + " (not amplify/backend/amplify-meta.json: both environments from"
                + " their deployment)");
        err.println("  " + name + ": API " + backend.api().resource() + ", ID " + backend.api().value() + " (" + backend.api().where()
                + "): tables <Model>" + backend.tableSuffix());
        // Those the environment has: an app without auth or Storage has no pool or bucket to print.
        for (DeployedBackend.Found found : backend.found().stream().filter(f -> !f.equals(backend.api())).toList()) {
            boolean identityPool = found == backend.identityPool();
            err.println("  " + name + ": " + what(found) + " " + found.value() + " (" + found.where() + ")"
                    + (identityPool ? ": not read, identity-pool IDs are the data's and identities.csv's" : ""));
        }
        return backend;
    }

    private static String what(DeployedBackend.Found found) {
        String field = found.where().substring(found.where().lastIndexOf('.') + 1);
        return switch (field) {
            case "UserPoolId" -> "user pool";
            case "IdentityPoolId" -> "identity pool";
            case "BucketName" -> "Storage bucket";
            default -> "Storage region";
        };
    }

    /** The zip as the lines and refusals name it: {@code s3://<bucket>/#current-cloud-backend.zip}. */
    static String zipName(AmplifyProject.Environment environment) {
        return "s3://" + environment.deploymentBucket() + "/" + DeployedBackend.ZIP;
    }

    /**
     * The environment's {@value DeployedBackend#ZIP} from its deployment bucket ({@code endpoint}: the S3-compatible
     * server it is on, null for AWS's); one that cannot be read is refused in one line naming the permission it needs.
     */
    static byte[] read(S3Client s3, AmplifyProject.Environment environment, URI endpoint) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(environment.deploymentBucket()).key(DeployedBackend.ZIP)).asByteArray();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new AmplifyProjectException("environment " + environment.name() + ": cannot read " + zipName(environment) + " ("
                    + (code == null ? "" : code + ", ") + "HTTP " + e.statusCode() + (endpoint == null ? ", region " + environment.region()
                    : ", at " + endpoint) + "): infer needs s3:GetObject on " + environment.deploymentBucket() + "/" + DeployedBackend.ZIP);
        }
    }

    /**
     * Refuses, in one line, a table the schema declares that one environment lacks ({@code sourceHas}, {@code targetHas}:
     * DescribeTable where each side's tables are); prints that each has them all otherwise.
     */
    static void checkTables(Discovered discovered, Predicate<String> sourceHas, Predicate<String> targetHas, PrintWriter err) {
        for (boolean source : new boolean[] {true, false}) {
            DeployedBackend backend = source ? discovered.source() : discovered.target();
            List<String> missing = backend.missingTables(discovered.schema(), source ? sourceHas : targetHas);
            if (!missing.isEmpty()) {
                String named = String.join(", ", missing.subList(0, Math.min(3, missing.size())))
                        + (missing.size() > 3 ? " and " + (missing.size() - 3) + " more" : "");
                throw new AmplifyProjectException((missing.size() == 1 ? "table " + named + ", which the schema declares, does not"
                        : "tables " + named + ", which the schema declares, do not") + " exist in environment " + backend.environment()
                        + ": push the API to it (amplify push --env " + backend.environment() + "), or migrate "
                        + (source ? "from" : "to") + " an environment that has it");
            }
        }
        err.println("  tables: each of the schema's " + discovered.schema().models().size() + " models has its table in "
                + discovered.source().environment() + " and " + discovered.target().environment() + " (DescribeTable)");
    }
}
