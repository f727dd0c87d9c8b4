package dev.dmig.cli;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.RunOutOfReachException;
import dev.dmig.cli.runs.Terminal;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine;

/** The {@code dmig} command line. */
@Command(name = "dmig", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = {"Copies an application's DynamoDB tables from one environment to another (dev → prod), giving every "
                + "record a deterministic new ID and rewriting every reference to match, so all relationships survive. "
                + "Each command runs the state machine statemachine/migration.asl.json in this process — the same file "
                + "and handlers as on AWS — against an embedded DynamoDB Local and S3 store (data in ./.dmig), or "
                + "against servers you name with --dynamodb-endpoint / --s3-endpoint. With --aws --state-machine-arn ARN "
                + "--bucket B, the same commands start the deployed state machine in Step Functions and follow it here.",
                ""},
        subcommands = {DemoCommand.class, AnalyzeCommand.class, TestCommand.class, MigrateCommand.class,
                ValidateCommand.class, RollbackCommand.class, ResumeCommand.class, StopCommand.class, CutoverCommand.class, ResolveCommand.class, StatusCommand.class,
                DashboardCommand.class, ReportCommand.class, IdMapCommand.class, InferCommand.class, PreviewCommand.class, HelpCommand.class},
        footer = {"", "A migration, step by step:",
                "  dmig infer --source-suffix -abc-dev > plan.json   # a plan proposed from your tables (--schema: your app's)",
                "  dmig preview --plan plan.json --table Requests    # source items beside what a run would write",
                "  dmig analyze --plan plan.json             # dry run: counts, levels, orphans",
                "  dmig test --plan plan.json --table Requests --limit 1 --with-parents",
                "  dmig migrate --plan plan.json --confirm   # rolls itself back on any failure",
                "  dmig status                               # the runs so far",
                "  dmig dashboard                            # the same, live in a browser",
                "",
                "On AWS after sam deploy (credentials and region from the default AWS chain):",
                "  export DMIG_STATE_MACHINE_ARN=<the stack's StateMachineArn output>",
                "  export DMIG_BUCKET=<the stack's ArtifactsBucketName output>",
                "  dmig migrate --aws --plan plan.json --confirm   # runs in Step Functions",
                "  dmig status --aws                               # recent executions",
                "",
                "From a clone of the repository, ./dmig bench measures dmig against the store's ceiling (docs/BENCHMARKS.md).",
                "",
                "Exit codes: 0 success; 1 the run failed and was rolled back, or validation found differences; 2 invalid "
                        + "plan or input (nothing written); 3 refused: confirmation required or conflicts found (nothing "
                        + "written); 4 rollback incomplete (see rollback.json); 5 dmig itself failed. The last line of every "
                        + "run says the verdict and the run ID."})
public final class Dmig implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print its stack trace and Java's names for it (for reporting a bug).")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        // DynamoDB Local leaves non-daemon threads behind; the verdict is printed, so end here.
        System.exit(code);
    }

    /** Runs one command line; the exit code follows {@link ExitCode}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, Terminal.system());
    }

    /** The same, with the person who answers confirmation questions (tests play that part). */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Terminal terminal) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K command = CommandLine.defaultFactory().create(type);
                if (command instanceof RunLauncher launcher) {
                    launcher.terminal = terminal;
                }
                return command;
            }
        };
        return configure(new CommandLine(new Dmig(), factory), out, err).execute(args);
    }

    /**
     * Makes a command line behave as dmig's own: every subcommand takes --help and --version, help wraps at the
     * terminal's width, and every failure is one line and an exit code of {@link ExitCode}.
     */
    public static CommandLine configure(CommandLine commandLine, PrintWriter out, PrintWriter err) {
        // Help wraps at the terminal's width, not at fixed line breaks.
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true)
                .versionProvider(new BuildVersion()));
        commandLine.setUsageHelpAutoWidth(true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // A value may begin with a dash and the letter of a short option: Amplify's API IDs, hence table suffixes such
        // as -hw4abc-dev, do, and picocli would read it as -h. Values are taken as given; one that is exactly the name
        // of an option (a value left out) is still refused, in one line.
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.setAllowOptionsAsOptionParameters(true);
        commandLine.setExecutionStrategy(parsed -> {
            refuseOptionNamesAsValues(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd.getErr(), debug(parsed)));
        commandLine.setParameterExceptionHandler((e, parsed) -> {
            PrintWriter to = e.getCommandLine().getErr();
            String usage = e.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            String unknown = unknownCommand(e);
            // A value left out makes what follows look wrong: the option that lacks it is the mistake to name.
            String valueLeftOut = optionNameAsValue(e.getCommandLine().getParseResult());
            if (valueLeftOut != null) {
                to.println("error: " + valueLeftOut);
                to.println("(" + usage + " shows the options)");
            } else if (unknown != null) {
                to.println("error: " + unknown + " (" + usage + " lists the commands)");
            } else {
                to.println("error: " + Format.plain(e.getMessage()));
                to.println("(" + usage + " shows the options)");
            }
            return ExitCode.INVALID;
        });
        return commandLine;
    }

    /** Refuses an option whose value was left out, so that the next option's name was taken for it. */
    private static void refuseOptionNamesAsValues(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            String refusal = optionNameAsValue(level);
            if (refusal != null) {
                throw new CommandLine.ParameterException(level.commandSpec().commandLine(), refusal);
            }
        }
    }

    /** "--source-suffix needs a value; found the option --target-suffix", or null when no value is an option's name. */
    private static String optionNameAsValue(CommandLine.ParseResult level) {
        if (level == null) {
            return null;
        }
        for (CommandLine.Model.OptionSpec option : level.matchedOptions()) {
            for (String value : option.originalStringValues()) {
                if (value.startsWith("-") && level.commandSpec().findOption(value) != null && option.arity().min > 0) {
                    return option.longestName() + " needs a value; found the option " + value;
                }
            }
        }
        return null;
    }

    /** Whether the command line asked for --debug, at any level of it. */
    static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * "unknown command 'migrat'; did you mean 'migrate'?" when the first word is no command of a command that has
     * subcommands; null for any other mistake.
     */
    private static String unknownCommand(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)
                || e.getCommandLine().getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()) {
            return null;
        }
        String word = unmatched.getUnmatched().get(0);
        if (word.startsWith("-")) {
            return null;
        }
        java.util.List<String> suggestions = unmatched.getSuggestions();
        // picocli lists the closest first.
        return "unknown command '" + word + "'" + (suggestions.isEmpty() ? "" : "; did you mean '" + suggestions.get(0) + "'?");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 240 ? line.substring(0, 237) + "..." : line;
    }

    /** "Connect to HOST:PORT [...] failed" of the HTTP client, the first such line among the causes. */
    /** Every error a person meets is one line (per problem) and an exit code; never a stack trace unless asked. */
    static int failure(Exception e, PrintWriter err) {
        return failure(e, err, false);
    }

    /** The same; {@code debug}: --debug was given, and the stack trace comes first. */
    static int failure(Exception e, PrintWriter err, boolean debug) {
        if (debug || Boolean.getBoolean("dmig.debug") || System.getenv("DMIG_DEBUG") != null) {
            e.printStackTrace(err);
        }
        if (e instanceof PlanInvalidException invalid) {
            err.println("error: the plan has " + invalid.problems().size() + (invalid.problems().size() == 1 ? " problem" : " problems")
                    + ", nothing was written:");
            for (Problem problem : invalid.problems()) {
                Format.wrap("  " + problem, "    ").forEach(err::println);
            }
            return ExitCode.INVALID;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("error: " + Format.plain(e.getMessage()));
            return ExitCode.INVALID;
        }
        if (e instanceof dev.dmig.embedded.EmbeddedStackException) {
            err.println("error: the embedded DynamoDB Local / S3 store did not start: " + Format.plain(e.getMessage())
                    + " (or point dmig at running servers with --dynamodb-endpoint and --s3-endpoint)");
            return ExitCode.INTERNAL;
        }
        if (e instanceof software.amazon.awssdk.core.exception.SdkClientException
                && String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
            err.println("error: no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile; "
                    + "for DynamoDB Local any key of letters and digits will do)");
            return ExitCode.INTERNAL;
        }
        if (e instanceof software.amazon.awssdk.core.exception.SdkClientException && RunOutOfReachException.refusedAt(e) != null) {
            // A server the user named that refuses connections is not running: say where, not what the SDK tried.
            err.println("error: cannot reach DynamoDB or S3: nothing listens at " + RunOutOfReachException.refusedAt(e)
                    + " (connection refused) (check --dynamodb-endpoint / --s3-endpoint, and that those servers are running)");
            // An endpoint where nothing answers is the setup's, as a plan's endpoint is (PlanEndpoints): not dmig's failure.
            return ExitCode.INVALID;
        }
        if (e instanceof software.amazon.awssdk.core.exception.SdkClientException) {
            err.println("error: cannot reach DynamoDB or S3: " + Format.plain(firstLine(e.getMessage()))
                    + " (check --dynamodb-endpoint / --s3-endpoint, and that those servers are running)");
            return ExitCode.INVALID;
        }
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service) {
            err.println("error: " + service.awsErrorDetails().serviceName() + " refused a request: "
                    + Format.plain(firstLine(e.getMessage())) + " (check credentials from the default AWS chain, the region, and the bucket)");
            return ExitCode.INTERNAL;
        }
        // Java's own words for a failure (a null, an index out of bounds) tell a person nothing: only dmig's are shown.
        String message = e.getClass().getName().startsWith("dev.dmig.") || e instanceof IllegalStateException
                || e instanceof java.io.UncheckedIOException ? firstLine(e.getMessage()) : null;
        err.println("error: " + (message == null || message.equals("(no message)") ? "dmig failed unexpectedly" : Format.plain(message))
                + " (this is a dmig bug if it is not about your setup; run it again with --debug for the details)");
        return ExitCode.INTERNAL;
    }
}
