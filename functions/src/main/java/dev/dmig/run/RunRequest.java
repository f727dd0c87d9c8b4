package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The execution input (docs/how-it-works.md). Every field is optional: {@code {}} is a safe dry run.
 * {@code identitiesKey}: the object in the bucket holding the identity map the plan names (uploaded by the command line).
 * {@code follow}: a full run that follows the source's writes after its copy until a cut-over (dev.dmig.feature.follow).
 * On a repeated Analyze call the previous {@link RunState} arrives here too, so its
 * {@code runId} and {@code mode} are read the same way.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRequest(String mode, String runId, String configKey, JsonNode config, String table, String sourceId,
                         Integer limit, Boolean withParents, Boolean confirm, String rollbackRunId, List<String> tables,
                         Boolean resume, Boolean backup, List<String> roots, String identitiesKey, Boolean follow) {

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

    public boolean parents() {
        return Boolean.TRUE.equals(withParents);
    }
}
