package dev.dmig.plan;

/**
 * What a run does about target records already present at the keys it would write ({@code onConflict}): the one place
 * abort, skip and overwrite are told apart. The copy, a test run, the Storage objects, following and the analysis ask
 * it what to do ({@link #atTaken}, {@link #readsBeforeWriting}, {@link #adoptsTestRecords}) and
 * switch on the answer, never on the policy; how a write keeps what it found is {@link dev.dmig.store.GuardedWrite}'s.
 */
public enum ConflictPolicy {
    /** Analysis lists them and the run stops before any write; one that appears later stops the run, or holds following. */
    ABORT("abort", Taken.STOP),
    /** They are left as they are and counted as skipped. */
    SKIP("skip", Taken.LEAVE),
    /** They are replaced; their pre-images go into the journal so rollback restores them. */
    OVERWRITE("overwrite", Taken.WRITE_OVER);

    /**
     * What a run does at a key the target holds with a record of its own: not the run's (nor a test run's it adopts),
     * not the one the plan keeps or writes over on purpose, and not what the run would write.
     */
    public enum Taken {
        /** The target's record is written over, its pre-image journaled first. */
        WRITE_OVER,
        /** The target's record is left as it is, journaled and counted as left. */
        LEAVE,
        /** Nothing is written there: the analysis refuses the run, a run stops, following holds the key for a decision. */
        STOP
    }

    /** What a plan that names no {@code onConflict} does. */
    public static final ConflictPolicy BY_DEFAULT = ABORT;

    private final String planName;
    private final Taken taken;

    ConflictPolicy(String planName, Taken taken) {
        this.planName = planName;
        this.taken = taken;
    }

    public String planName() {
        return planName;
    }

    /**
     * What the run does at a key it finds holding the target's own record: before it writes there, or when its write, made
     * only where the key holds what the run read, finds something else came since (then the copy, whose pre-images are
     * journaled before its writes, leaves what it cannot write over).
     */
    public Taken atTaken() {
        return taken;
    }

    /**
     * Whether the copy reads a page's keys in the target before it writes the page. Under {@code abort} it need not: the
     * analysis found no record in the way, and a write only where nothing is finds one that came since.
     */
    public boolean readsBeforeWriting() {
        return taken != Taken.STOP;
    }

    /**
     * Whether the records an earlier test run wrote at keys this run writes are this run's own, left as they are (a test
     * run's record would otherwise stop it). Under skip or overwrite they are left or written over, as any record in the
     * way is.
     */
    public boolean adoptsTestRecords() {
        return taken == Taken.STOP;
    }

    /**
     * The policy {@code node} names, read for the plan ({@code model} null) or a table's entry; null, after a problem, when it
     * names none.
     */
    static ConflictPolicy read(com.fasterxml.jackson.databind.JsonNode node, String model, java.util.List<Problem> problems) {
        ConflictPolicy policy = node.isTextual() ? named(node.asText()) : null;
        if (policy == null) {
            String message = "onConflict must be \"abort\", \"skip\" or \"overwrite\", not " + node;
            problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, "onConflict", message.substring(
                    "onConflict ".length())));
        }
        return policy;
    }

    /** The policy a plan or a stored analysis names ({@code "abort"}…); null when it names none. */
    public static ConflictPolicy named(String text) {
        for (ConflictPolicy policy : values()) {
            if (policy.planName.equals(text)) {
                return policy;
            }
        }
        return null;
    }
}
