package dev.dmig.handler;

import dev.dmig.Features;
import dev.dmig.Reaches;
import com.amazonaws.services.lambda.runtime.Context;
import dev.dmig.Settings;
import dev.dmig.analysis.Analyzer;
import dev.dmig.analysis.RunGates;
import dev.dmig.identity.CognitoUserPools;
import dev.dmig.identity.UserPools;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.FeatureState;
import dev.dmig.migrate.ParentCopies;
import dev.dmig.migrate.SegmentMigrator;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.TestRecords;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.report.Finalizer;
import dev.dmig.rollback.Rollback;
import dev.dmig.run.Deadline;
import dev.dmig.run.LambdaConcurrency;
import dev.dmig.run.RunGate;
import dev.dmig.run.SharedObjects;
import dev.dmig.run.WriterFence;
import dev.dmig.store.AccountClients;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.AwsClients;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.PageSpool;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.Sleeper;
import dev.dmig.store.StackReach;
import dev.dmig.files.Buckets;
import dev.dmig.files.S3Buckets;
import dev.dmig.files.StorageReach;
import dev.dmig.validate.Validator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The collaborators the handlers share, built once per Lambda container (or once per CLI
 * process): item store, artifact store, settings and thread pools. Closing it ends its thread pools; the stores and
 * clients it was given stay open for whoever made them to close.
 */
public final class Services implements AutoCloseable {
    private static volatile Services fromEnvironment;
    /** Held here so that the CRaC context, which may keep it weakly, cannot lose it. */
    private static Priming priming;
    /** About 36 years: past any invocation's end. */
    private static final long ENDED_OFFSET_NANOS = 1L << 60;

    private final ItemStore items;
    private final ArtifactStore artifacts;
    private final Settings settings;
    private final FaultInjector faults;
    private final ExecutorService writePool;
    private final ExecutorService scanPool;
    private final WriterFence fence;
    /** One per process: every task writing a table paces it together. */
    private final WriteWindows windows;
    private final LambdaConcurrency lambdaConcurrency;
    /** Where the objects of plans' file references are. */
    private final Buckets buckets;
    private volatile boolean tasksEnded;
    /**
     * The tasks' clock: once {@link #endTasks} was called, far past the deadline of every task already running (a
     * task started later counts its own time from there; none starts, the execution being stopped).
     */
    private final LongSupplier clock = () -> System.nanoTime() + (tasksEnded ? ENDED_OFFSET_NANOS : 0);
    /** Where a plan's identity map is built from: the user pools its sides name. */
    private final UserPools userPools;
    /** The features' own states of the state machine (following's), each made once for this process. */
    private final List<FeatureState> states;
    /** Asked around every Analyze call. */
    private final RunGates runGates;
    /** What travels with a page of items (the Storage objects they name), for the copy, a test, validation and following. */
    private final PageCargo.Source cargo;
    /**
     * The source pages a full run's analysis read, which its copy in this process takes instead of reading them again: in
     * memory, within a budget, in a local process; none on Lambda, where the copy runs in other processes than the analysis.
     */
    private final PageSpool spool;

    /** For a local dmig process (CLI, tests): its writers' leases name the process; no account limits its Maps. */
    public Services(ItemStore items, ArtifactStore artifacts, Settings settings, FaultInjector faults) {
        this(items, artifacts, settings, faults, LambdaConcurrency.NONE);
    }

    /** As a local process that reads the user pools plans name from {@code userPools}. */
    public Services(ItemStore items, ArtifactStore artifacts, Settings settings, FaultInjector faults, UserPools userPools) {
        this(items, artifacts, settings, faults, userPools, Buckets.NONE);
    }

    /** As a local process that also reaches Storage buckets through {@code buckets}. */
    public Services(ItemStore items, ArtifactStore artifacts, Settings settings, FaultInjector faults, UserPools userPools,
                    Buckets buckets) {
        this(items, artifacts, settings, faults, new WriterFence(artifacts), LambdaConcurrency.NONE, userPools, buckets,
                PageSpool.local());
    }

    /** As a local process, with the Maps sized as a deployed stack sizes them from an account's Lambda concurrency. */
    public Services(ItemStore items, ArtifactStore artifacts, Settings settings, FaultInjector faults,
                    LambdaConcurrency lambdaConcurrency) {
        this(items, artifacts, settings, faults, new WriterFence(artifacts), lambdaConcurrency, UserPools.NONE, Buckets.NONE,
                PageSpool.local());
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // the wiring: one parameter per collaborator; the public constructors name the usual sets
    private Services(ItemStore items, ArtifactStore artifacts, Settings settings, FaultInjector faults, WriterFence fence,
                     LambdaConcurrency lambdaConcurrency, UserPools userPools, Buckets buckets, PageSpool spool) {
        this.spool = spool;
        this.buckets = buckets;
        this.userPools = userPools;
        this.lambdaConcurrency = lambdaConcurrency;
        this.fence = fence;
        this.items = items;
        this.artifacts = artifacts;
        this.settings = settings;
        this.faults = faults;
        this.writePool = Executors.newFixedThreadPool(settings.writeConcurrency(), daemon("dmig-write"));
        this.scanPool = Executors.newFixedThreadPool(settings.scanConcurrency(), daemon("dmig-scan"));
        this.windows = new WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis());
        this.cargo = PageCargo.Source.through(reaches());
        FeatureState.Parts parts = new FeatureState.Parts(items, artifacts, writePool, windows, fence, cargo, Sleeper.REAL);
        this.states = Features.at(FeatureState.Feature.class).stream().map(state -> state.of(parts)).toList();
        this.runGates = new RunGates(new RunGate.Parts(items, artifacts));
    }

    /** The Lambda wiring: clients from the SDK's default chain, settings from the environment, SnapStart priming. */
    public static Services fromEnvironment() {
        Services services = fromEnvironment;
        if (services == null) {
            synchronized (Services.class) {
                if (fromEnvironment == null) {
                    Settings settings = Settings.fromEnvironment(System.getenv());
                    AwsClients.Connection connection = AwsClients.Connection.defaults(
                            settings.writeConcurrency() * WriteWindows.WINDOWS_OF_CALLS);
                    // The stack names its own account as the artifacts bucket's owner: every request says so.
                    S3ArtifactStore artifacts = new S3ArtifactStore(AwsClients.s3(connection), settings.bucket(),
                            System.getenv(Deployment.BUCKET_OWNER));
                    // Plan sides in other accounts are reached with roles assumed from the function's own (infra's
                    // SourceRoleArn / TargetRoleArn); the store refuses any other role, other suffixes and any endpoint,
                    // and the user pools any but the stack's SourceUserPoolId / TargetUserPoolId.
                    AccountClients accounts = new AccountClients(connection, null);
                    StackReach reach = Deployment.fromEnvironment(System.getenv()).reach();
                    DynamoDbItemStore items = new DynamoDbItemStore(AwsClients.dynamoDb(connection), accounts, reach);
                    // The Lambda client is built on first use: only Analyze asks the account's concurrency.
                    Supplier<LambdaClient> lambda = memoized(() -> AwsClients.lambda(AwsClients.Connection.defaults(2)));
                    // Storage buckets likewise, within the stack's SourceStorageBucket / TargetStorageBucket.
                    Buckets buckets = new S3Buckets(connection, null, StorageReach.fromEnvironment(System.getenv()));
                    fromEnvironment = new Services(items, artifacts, settings, FaultInjector.NONE, WriterFence.forLambda(artifacts),
                            LambdaConcurrency.ofAccount(lambda, LambdaConcurrency.sharePercent(System.getenv())),
                            new CognitoUserPools(accounts, null, reach), buckets, PageSpool.NONE);
                    priming = Priming.register(fromEnvironment);
                }
                services = fromEnvironment;
            }
        }
        return services;
    }

    public Settings settings() {
        return settings;
    }

    /** How many Lambda invocations the state machine's Maps may ask for at once. */
    public LambdaConcurrency lambdaConcurrency() {
        return lambdaConcurrency;
    }

    public ItemStore items() {
        return items;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    Deadline deadline(Context context) {
        return Deadline.fromRemaining(context.getRemainingTimeInMillis(), settings.safetyMarginMillis(), clock);
    }

    /**
     * For a process that is ending (a local run stopped by Ctrl-C): every task's time is up now, so each saves its
     * checkpoint at its next page and hands back, rather than be cut mid-write when the process exits. For good: the
     * process runs no task after this.
     */
    public void endTasks() {
        tasksEnded = true;
    }

    public Buckets buckets() {
        return buckets;
    }

    /**
     * What the steps' features reach beside the tables, found by type: the buckets of plans' files, the runs' journals
     * of the objects they wrote, which say whether a later run uses an object an earlier one wrote, and the user pools
     * (a rollback deletes the users its run put in the target's pool).
     */
    private Reaches reaches() {
        return Reaches.NONE.with(Buckets.class, buckets).with(SharedObjects.class, SharedObjects.of(artifacts))
                .with(UserPools.class, userPools);
    }

    Analyzer analyzer() {
        return analyzer(plan -> { });
    }

    /** {@code stackCheck}: a deployed stack's check of every plan a run opens with or goes on with ({@link Deployment#check}). */
    Analyzer analyzer(Consumer<MigrationPlan> stackCheck) {
        return new Analyzer(items, artifacts, settings, scanPool, stackCheck, userPools, reaches()).keepingPages(spool);
    }

    SegmentMigrator migrator() {
        return new SegmentMigrator(items, artifacts, fence, writePool, faults, settings.pageSize(), windows).with(cargo)
                .with(Validator.copyCheck(items, artifacts, reaches())).with(spool);
    }

    ParentCopies parentCopies() {
        return new ParentCopies(artifacts, Sleeper.REAL);
    }

    TestRecords testRecords() {
        return new TestRecords(items, artifacts, writePool, settings).with(cargo);
    }

    Validator validator() {
        return new Validator(items, artifacts, settings, scanPool, faults).with(cargo).with(reaches());
    }

    Rollback rollback() {
        return new Rollback(items, artifacts, writePool, scanPool, settings, Sleeper.REAL).with(fence, windows).with(reaches());
    }

    /** The gates around a run's steps (following's streams before the run opens and once the Analyze call is done; its hold on validation). */
    RunGates runGates() {
        return runGates;
    }

    /** The features' state of this name ({@code Follow}), made once for this process. */
    FeatureState state(String name) {
        return states.stream().filter(state -> state.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no feature of this build runs state " + name));
    }

    Finalizer finalizer() {
        return new Finalizer(artifacts);
    }

    /**
     * Lets the thread pools' threads end once the tasks they were given have ended: none is interrupted, and no task
     * may be given after this.
     */
    @Override
    public void close() {
        windows.shutdown();
        writePool.shutdown();
        scanPool.shutdown();
    }

    /** {@code make}'s value, made on the first call only. */
    private static <T> Supplier<T> memoized(Supplier<T> make) {
        return new Supplier<>() {
            private T made;

            @Override
            public synchronized T get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
