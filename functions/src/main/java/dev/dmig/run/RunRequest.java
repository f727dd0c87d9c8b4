package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The execution input (docs/how-it-works.md). Every field is optional: {@code {}} is a safe dry run.
 * {@code identitiesKey}: the object in the bucket holding the identity map the plan names (uploaded by the command line).
 * {@code follow}: a full run that follows the source's writes after its copy until a cut-over (dev.dmig.feature.follow).
 * {@code refresh}: a rollback that replaces the run's records changed since too, as a refresh asks ({@link #refreshing}).
 * On a repeated Analyze call the previous {@link RunState} arrives here too, so its
 * {@code runId} and {@code mode} are read the same way.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRequest(String mode, String runId, String configKey, JsonNode config, String table, String sourceId,
                         Integer limit, Boolean withParents, Boolean confirm, String rollbackRunId, List<String> tables,
                         Boolean resume, Boolean backup, List<String> roots, String identitiesKey, Boolean follow,
                         Boolean refresh) {

    /** An input that is no rollback for a refresh. */
    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record's shorter form: its fields but those defaulted
    public RunRequest(String mode, String runId, String configKey, JsonNode config, String table, String sourceId,
                      Integer limit, Boolean withParents, Boolean confirm, String rollbackRunId, List<String> tables,
                      Boolean resume, Boolean backup, List<String> roots, String identitiesKey, Boolean follow) {
        this(mode, runId, configKey, config, table, sourceId, limit, withParents, confirm, rollbackRunId, tables, resume, backup,
                roots, identitiesKey, follow, null);
    }

    /** An input that does not follow the source's writes. */
    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record's shorter form: its fields but those defaulted
    public RunRequest(String mode, String runId, String configKey, JsonNode config, String table, String sourceId,
                      Integer limit, Boolean withParents, Boolean confirm, String rollbackRunId, List<String> tables,
                      Boolean resume, Boolean backup, List<String> roots, String identitiesKey) {
        this(mode, runId, configKey, config, table, sourceId, limit, withParents, confirm, rollbackRunId, tables, resume, backup,
                roots, identitiesKey, null);
    }

    /** An input without roots: the run covers the whole source. */
    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record's shorter form: its fields but those defaulted
    public RunRequest(String mode, String runId, String configKey, JsonNode config, String table, String sourceId,
                      Integer limit, Boolean withParents, Boolean confirm, String rollbackRunId, List<String> tables,
                      Boolean resume, Boolean backup) {
        this(mode, runId, configKey, config, table, sourceId, limit, withParents, confirm, rollbackRunId, tables, resume, backup,
                null);
    }

    /** An input whose plan maps no identity. */
    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record's shorter form: its fields but those defaulted
    public RunRequest(String mode, String runId, String configKey, JsonNode config, String table, String sourceId,
                      Integer limit, Boolean withParents, Boolean confirm, String rollbackRunId, List<String> tables,
                      Boolean resume, Boolean backup, List<String> roots) {
        this(mode, runId, configKey, config, table, sourceId, limit, withParents, confirm, rollbackRunId, tables, resume, backup,
                roots, null);
    }

    public RunMode runMode() {
        return RunMode.parse(mode);
    }

    public boolean confirmed() {
        return Boolean.TRUE.equals(confirm);
    }

    public int limitOrDefault() {
        return limit == null ? 1 : limit;
    }

    /** Continue the existing run {@code runId} from its checkpoints (a new execution of a stopped or crashed run). */
    public boolean resuming() {
        return Boolean.TRUE.equals(resume);
    }

    /** {@code "backup": false} in the input opts out of the backup requirement for this run. */
    public boolean backupOptOut() {
        return Boolean.FALSE.equals(backup);
    }

    /** Whether the run follows the source's writes after its copy. */
    public boolean following() {
        return Boolean.TRUE.equals(follow);
    }

    /**
     * A rollback undoing an earlier run before a new run fills the same target again ({@code dmig migrate --refresh}):
     * the run's records changed since are its copies too, and undone ({@link RunOpener#earlierRun}).
     */
    public boolean refreshing() {
        return Boolean.TRUE.equals(refresh);
    }

    public boolean parents() {
        return Boolean.TRUE.equals(withParents);
    }
}
