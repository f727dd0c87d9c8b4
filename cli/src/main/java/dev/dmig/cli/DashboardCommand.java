package dev.dmig.cli;

import dev.dmig.aws.AwsEnvironment;
import dev.dmig.cli.runs.AwsRuns;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Launches;
import dev.dmig.cli.runs.Session;
import dev.dmig.cli.runs.Where;
import dev.dmig.cli.views.RunBoard;
import dev.dmig.dashboard.DashboardServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dashboard", sortOptions = false,
        header = "Serves a live dashboard of the runs in a browser, with start, stop, resume and roll back at hand.",
        description = {"Serves a dashboard on 127.0.0.1 and prints its address with a random token (every request without "
                        + "it is refused): every run where the options say — the embedded store, an S3-compatible server, or "
                        + "the deployed stack with --aws — whoever started it, and one run as it goes: per-table progress, the "
                        + "path through the state machine, recent events and failures, validation, rollback, the report. "
                        + "From the page: start a dry run, a one-record test or a migration from a plan file; stop a run "
                        + "(resumable), resume it, roll it back — each a dmig command in a process of its own, writes and "
                        + "rollbacks after the target environment's name is typed. Ctrl-C ends it."})
final class DashboardCommand implements Callable<Integer> {
    /** How often the page's figures are read again. */
    private static final Duration EVERY = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The port on 127.0.0.1 to serve at (default: a free one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (where.inMemory) {
            throw new IllegalArgumentException("--in-memory keeps a store inside one process, and the runs the dashboard "
                    + "starts run in processes of their own: leave out --in-memory (or use --data-dir DIR)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port " + port + " is no port: 1 to 65535, or leave it out for a free one");
        }
        Launches launches = new Launches();
        if (where.onAws()) {
            try (AwsEnvironment aws = AwsEnvironment.open(where.awsTarget(), Where.pollInterval())) {
                aws.stateMachine().nesting();
                return serve(new RunBoard(aws.artifacts(), aws.description(), where, launches, new AwsRuns(aws.stateMachine())));
            }
        }
        try (Session session = Session.open(where)) {
            return serve(new RunBoard(session.services().artifacts(), session.environment().artifacts(), where, launches, null));
        }
    }

    private int serve(RunBoard board) throws InterruptedException {
        DashboardServer server;
        try {
            server = DashboardServer.start(board, port, EVERY);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                throw new IllegalArgumentException("port " + port + " on 127.0.0.1 is taken: choose another with --port, or leave "
                        + "it out for a free one");
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("dmig dashboard: " + server.url());
        out.println("  runs in " + board.where() + "; open the address above in a browser (it holds the token: share it "
                + "only with whom may run migrations). Ctrl-C ends the dashboard, and the runs it started stop as Ctrl-C "
                + "stops a run: dmig resume goes on with them.");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dmig-dashboard-close"));
        // Serves until the process is ended (Ctrl-C, kill): the server's threads do the work.
        new CountDownLatch(1).await();
        return ExitCode.OK;
    }
}
