package dev.dmig.run;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * The S3 layout of a run (docs/development.md, "Layout"), in one place: every artifact key of a run is built here.
 */
public final class RunLayout {
    /**
     * Marks the keys of the JSON arrays that a Distributed Map's {@code ItemReader} reads. Step Functions reads them
     * with the state machine's role, not a function's, so that role's policy must allow each (a contract test of the
     * template derives the keys from these methods).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface ItemReaderKey {}

    public static final String DEFAULT_CONFIG_KEY = "config/migration.json";
    public static final String RUNS = "runs/";
    /**
     * Execution histories, which the command line stores after following an execution on AWS: outside {@link #RUNS},
     * so that an operator may write them without being able to write anything a step of a run reads.
     */
    public static final String HISTORIES = "history/";
    /**
     * The journal unit ({@code journal/<table>/<FOLLOW_SEGMENT>/}) of a table's followed changes, beside its copy's
     * segments: the only one whose objects may rewrite an object the run wrote before.
     */
    public static final int FOLLOW_SEGMENT = 1_000_000;
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    private RunLayout() {}

    /** Run IDs become S3 prefixes and execution names: letters, digits, '.', '_' and '-', at most 80. */
    public static String checkRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run ID '" + runId
                    + "' must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return runId;
    }

    public static String prefix(String runId) {
        return RUNS + runId + "/";
    }

    public static String manifest(String runId) {
        return prefix(runId) + "manifest.json";
    }

    public static String plan(String runId) {
        return prefix(runId) + "plan.json";
    }

    /**
     * Where a run started from the command line runs and how it was started (endpoints, bucket, region, the backup
     * and confirmation choices; never credentials), written by the CLI before its first execution.
     */
    public static String origin(String runId) {
        return prefix(runId) + "origin.json";
    }

    /** The identity map the run was started with, frozen when it opened: read by every step, never given again. */
    public static String identities(String runId) {
        return prefix(runId) + "identities.csv";
    }

    /**
     * Of the values of references to the table whose source holds each ({@code oneOf}), which table's source held which,
     * found by the analysis as it read them and frozen by its summary: every later step maps a value as the analysis did.
     */
    public static String heldIds(String runId) {
        return prefix(runId) + "references/held-ids.json.gz";
    }

    /** A plan side's user pool as listed so far ({@code side}: source or target), while analysis builds the identity map. */
    public static String userPoolListing(String runId, String side) {
        return prefix(runId) + "identities/" + side + "-users.json.gz";
    }

    /**
     * The secret of the match keys in the user-pool listings (an HMAC key made for the run), while analysis builds the
     * identity map: deleted, every version, with the listings once the map is frozen.
     */
    public static String identityMatchSecret(String runId) {
        return prefix(runId) + "identities/match-secret";
    }

    /** The key that seals the usernames that are emails or phone numbers in the run's listings and identity map, kept with the run. */
    public static String identityNameKey(String runId) {
        return prefix(runId) + "identities/name-key";
    }

    /** The identity map built from the user pools, frozen with the run once analysis built it. */
    public static String poolMap(String runId) {
        return prefix(runId) + "identities/map.json.gz";
    }

    /** Where the command line uploads a plan's identity map for a new run, named in the input as {@code identitiesKey}. */
    public static String identitiesUpload(String runId) {
        return "config/" + runId + ".identities.csv";
    }

    /** The slice a run with roots covers ({@link Slice}): found once, before anything is read for analysis. */
    public static String slice(String runId) {
        return prefix(runId) + "slice.json";
    }

    /** The folder of a slice's search: its state, and each round's frontier, scans and units ({@code slice/}). */
    public static String sliceFolder(String runId) {
        return prefix(runId) + "slice/";
    }

    /** A slice's search between the calls that find it on AWS (its rounds of scans, before the analysis's). */
    public static String sliceSearch(String runId) {
        return prefix(runId) + "slice/search.json";
    }

    /** The members one round of a slice's descendants looks for references to: the previous round's new ones. */
    public static String sliceFrontier(String runId, int round) {
        return prefix(runId) + "slice/round-" + round + "/frontier.json";
    }

    /** One (table, segment) scan of a round of a slice's descendants. */
    public static String slicePart(String runId, int round, String table, int segment) {
        return prefix(runId) + "slice/round-" + round + "/" + table + "/" + segment + ".json";
    }

    /** A round's (table, segment) scans, the JSON array the {@code AnalyzeSegments} Map reads. */
    @ItemReaderKey
    public static String sliceUnits(String runId, int round, String execution) {
        return prefix(runId) + "slice/round-" + round + "/units/" + execution + ".json";
    }

    public static String analysis(String runId) {
        return prefix(runId) + "analysis.json";
    }

    /** A full run's filter of one table's source IDs, which validation looks for in the target (analysis.SourceIdFilter). */
    public static String sourceIds(String runId, String table) {
        return sourceIdsPrefix(runId) + table + ".bin";
    }

    /**
     * A full run's filter of every table's source IDs together, built from the same hashes as the tables' own: validation
     * asks it first, and a table's own filter only after its "maybe".
     */
    public static String sourceIdsOfRun(String runId) {
        return prefix(runId) + "source-ids.bin";
    }

    /** Where a full run's filters of source IDs are, one per table ({@link #sourceIds}). */
    public static String sourceIdsPrefix(String runId) {
        return prefix(runId) + "source-ids/";
    }

    public static String analysisPart(String runId, String table, int segment) {
        return prefix(runId) + "analysis/" + table + "/" + segment + ".json";
    }

    /** The values of a table's unique attributes one segment of its target table holds. */
    public static String analysisTargetPart(String runId, String table, int segment) {
        return prefix(runId) + "analysis/target/" + table + "/" + segment + ".json";
    }

    /** The size estimates the segments were chosen from, and the target tables found empty. */
    public static String analysisSizes(String runId) {
        return prefix(runId) + "analysis/sizes.json";
    }

    /** What one segment task of {@code state} threw last ({@code dev.dmig.run.SegmentFailures}). */
    public static String segmentFailure(String runId, String state, String table, int segment) {
        return segmentFailures(runId) + state + "/" + table + "/" + segment + ".json";
    }

    public static String segmentFailures(String runId) {
        return prefix(runId) + "failures/";
    }

    /** A distributed table's segment numbers, the JSON array its Distributed Map reads. */
    @ItemReaderKey
    public static String segmentList(String runId, String table) {
        return prefix(runId) + "segments/" + table + ".json";
    }

    public static String adopted(String runId, String table) {
        return prefix(runId) + "adopted/" + table + ".json";
    }

    public static String checkpoints(String runId) {
        return prefix(runId) + "checkpoints/";
    }

    public static String checkpoint(String runId, String table, int segment) {
        return checkpoints(runId) + table + "/" + segment + ".json";
    }

    /** What following the source's writes keeps: each table's checkpoint, and the request to cut over. */
    public static String follow(String runId) {
        return prefix(runId) + "follow/";
    }

    /** A followed table's stream position: every shard's last change applied to the target. */
    public static String followCheckpoint(String runId, String table) {
        return follow(runId) + "tables/" + table + ".json";
    }

    /** The model whose checkpoint ({@link #followCheckpoint}) is stored at {@code key}. */
    public static String followedTable(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }

    /**
     * What the team decided ({@code dmig resolve}) for the keys following held in one table under {@code onConflict:
     * abort}: by key, skip or overwrite.
     */
    public static String followDecisions(String runId, String table) {
        return follow(runId) + "decisions/" + table + ".json";
    }

    /** Present once a followed run's following has ended: the cut-over asked and every change up to then applied. */
    public static String followEnded(String runId) {
        return follow(runId) + "ended.json";
    }

    /** The target keys following deleted in one table, a file per page of changes, for validation to find them empty. */
    public static String followRemovals(String runId, String table) {
        return follow(runId) + "removed/" + table + "/";
    }

    /**
     * The request that ends following ({@code dmig cutover}): its presence, with the lag it accepted. Beside the plans an
     * operator uploads, not under the run's prefix, which only the functions may write.
     */
    public static String cutover(String runId) {
        return "config/" + runId + ".cutover.json";
    }

    public static String journal(String runId) {
        return prefix(runId) + "journal/";
    }

    /**
     * What a run writes beside its tables and their journal (users a feature put in the target's user pool), one record
     * each under {@code <name>/}, written before what it records is: while any is left, the run has written something a
     * rollback undoes ({@code rollback.UndoStep#undoRun}), and a run that fails is rolled back, not released.
     */
    public static String writtenBeside(String runId, String name) {
        return writtenBeside(runId) + name + "/";
    }

    public static String writtenBeside(String runId) {
        return prefix(runId) + "beside/";
    }

    public static String journal(String runId, String table, int segment) {
        return journal(runId) + table + "/" + segment + "/";
    }

    public static String journalEntry(String runId, String table, int segment, long seq) {
        return journal(runId, table, segment) + String.format("%08d", seq) + ".json.gz";
    }

    /**
     * Where an object of the target's Storage bucket that a page of the run overwrites is saved first (an unversioned
     * bucket keeps no earlier version): named by a digest of its key, so two keys never share a place.
     */
    public static String savedObject(String runId, String table, int segment, long seq, String key) {
        return savedObjects(runId) + table + "/" + segment + "/" + seq + "/"
                + org.apache.commons.codec.digest.DigestUtils.sha256Hex(key);
    }

    /** Where the target's objects a run overwrites are saved ({@link #savedObject}). */
    public static String savedObjects(String runId) {
        return prefix(runId) + "objects/";
    }

    /** The sequence number of a journal entry key, or -1 when the key is not one. */
    public static long journalSeq(String key) {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        if (!name.endsWith(".json.gz")) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - ".json.gz".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Old ID → new ID of one model, as CSV. */
    /** Which ID maps Finalize stored, and why not the others. */
    public static String idMapIndex(String runId) {
        return prefix(runId) + "idmap/index.json";
    }

    public static String idMap(String runId, String model) {
        return prefix(runId) + "idmap/" + model + ".csv";
    }

    public static String testResult(String runId) {
        return prefix(runId) + "test.json";
    }

    public static String validation(String runId) {
        return prefix(runId) + "validation.json";
    }

    /** Parts are per execution, so that validating a run again starts afresh. */
    /** The (table, segment) units the {@code AnalyzeSegments} Map of one execution reads. */
    @ItemReaderKey
    public static String analysisUnits(String runId, String execution) {
        return prefix(runId) + "analysis-units/" + execution + ".json";
    }

    /** The (table, segment) units the {@code ValidateSegments} Map of one execution reads. */
    @ItemReaderKey
    public static String validationUnits(String runId, String execution) {
        return prefix(runId) + "validation/" + execution + "/units.json";
    }

    /** What the first Validate call of an execution planned for its segments. */
    public static String validationPassPlan(String runId, String execution) {
        return prefix(runId) + "validation/" + execution + "/pass.json";
    }

    public static String validationPart(String runId, String execution, String table, int segment) {
        return prefix(runId) + "validation/" + execution + "/" + table + "/" + segment + ".json";
    }

    /** Present once a rollback of the run has begun: every writer of the run stops at its next page. */
    public static String fence(String runId) {
        return prefix(runId) + "fence.json";
    }

    public static String writers(String runId) {
        return prefix(runId) + "writers/";
    }

    /** The lease of one writing invocation of one segment; each invocation has its own. */
    public static String writer(String runId, String table, int segment, String invocation) {
        return writers(runId) + table + "/" + segment + "/" + invocation + ".json";
    }

    /**
     * What the recovery path did after an execution of the run ended without the state machine's own
     * failure path ({@code dev.dmig.rollback.Recovery}).
     */
    public static String recovery(String runId) {
        return prefix(runId) + "recovery.json";
    }

    public static String rollback(String runId) {
        return prefix(runId) + "rollback.json";
    }

    /** Progress of one execution's rollback pass over the journal. */
    public static String rollbackProgress(String runId, String execution) {
        return prefix(runId) + "rollback/" + execution + ".json";
    }

    /**
     * Present when one execution's rollback undoes the run for a refresh ({@code dev.dmig.run.RunRequest#refreshing}): the
     * run's records changed since it wrote them are undone too, and none is kept for what points to it.
     */
    public static String rollbackRefreshing(String runId, String execution) {
        return prefix(runId) + "rollback/" + execution + "/refreshing.json";
    }

    /**
     * What a feature's step of one execution's rollback undid of the run beside its journal ({@code rollback.UndoStep#undoRun}),
     * kept between the execution's calls under the step's {@code name}.
     */
    public static String rollbackBeside(String runId, String execution, String name) {
        return prefix(runId) + "rollback/" + execution + "/beside/" + name + ".json";
    }

    /** The journal's (table, segment) units one execution's rollback works through, level by level, children first. */
    public static String rollbackLevels(String runId, String execution) {
        return prefix(runId) + "rollback/" + execution + "/levels.json.gz";
    }

    /**
     * Which of the target's items name each object of its bucket, read by one execution's rollback before it undid
     * anything, as the Storage files feature keeps them.
     */
    public static String rollbackNames(String runId, String execution) {
        return prefix(runId) + "rollback/" + execution + "/names.json.gz";
    }

    /**
     * The records the run created that one execution's rollback keeps, because a record left in the target points to
     * them, each with why ({@code dev.dmig.rollback.KeptRecords}).
     */
    public static String rollbackKept(String runId, String execution) {
        return prefix(runId) + "rollback/" + execution + "/kept.json.gz";
    }

    /** One level's units, for the {@code RollbackSegments} Map's ItemReader. */
    @ItemReaderKey
    public static String rollbackUnits(String runId, String execution, int level) {
        return prefix(runId) + "rollback/" + execution + "/level-" + level + ".json";
    }

    /** What one execution's rollback has undone of one (table, segment) of the journal. */
    public static String rollbackPart(String runId, String execution, String table, int segment) {
        return prefix(runId) + "rollback/" + execution + "/" + table + "/" + segment + ".json";
    }

    /** The history of the run's own execution (the one named as the run). */
    public static String history(String runId) {
        return HISTORIES + runId + ".json";
    }

    /** History of an execution that acted on this run: its own, or a later one (validate, rollback). */
    public static String history(String runId, String execution) {
        return runId.equals(execution) ? history(runId) : laterHistories(runId) + execution + ".json";
    }

    /** Where the histories of later executions that acted on this run (validate, rollback) are. */
    public static String laterHistories(String runId) {
        return HISTORIES + runId + "/";
    }

    /** What an execution's Finalize calls have tallied of the run's checkpoints, while they take more than one call. */
    public static String finalizeTallies(String runId, String execution) {
        return prefix(runId) + "finalize/" + execution + ".json";
    }

    public static String report(String runId) {
        return prefix(runId) + "report.json";
    }

    public static String reportHtml(String runId) {
        return prefix(runId) + "report.html";
    }
}
