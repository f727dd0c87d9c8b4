package dev.dmig.feature.mask;

import dev.dmig.PersonalAttributes;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A masked run's Analyze call: its key, read before anything is read (a run without one is refused in one line) and held
 * to for the whole run ({@link RunKey}: stored by the first call, another refused by the later ones); its rules
 * against the live tables' keys, before the scans ({@link MaskedKeys}: a key is masked only by a kind that keeps values apart); the
 * run's {@code masking} in the analysis; and, before any write, dry runs included, each attribute that looks personal and
 * that the plan neither masks nor keeps, and each file reference it does not decide ({@link MaskedFiles}), one line each
 * with the fix (strict by default).
 */
final class MaskCheck implements RunCheck {
    private final MigrationPlan plan;
    private final MaskSettings settings;
    private final RunCheck.Parts parts;

    private MaskCheck(MaskSettings settings, RunCheck.Parts parts) {
        this.plan = parts.plan();
        this.settings = settings;
        this.parts = parts;
    }

    /** A masked run's. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        MaskSettings settings = parts.plan().section(MaskSettings.class);
        if (settings != null) {
            checks.add(new MaskCheck(settings, parts));
        }
    }

    @Override
    public boolean ready(RunManifest manifest, Deadline deadline) {
        RunKey.hold(parts.artifacts(), parts.runId(), settings.key());
        return true;
    }

    @Override
    public void beforeScans(RunCheck.Tables tables) {
        MaskedKeys.check(plan, tables.pairs().values());
    }

    @Override
    public Analysis summarized(Analysis analysis) {
        MaskSummary.Users users = parts.artifacts().getJson(MaskedUsers.donePath(parts.runId()), MaskSummary.Users.class).orElse(null);
        return analysis.withSection(MaskSummary.SECTION.name(), MaskSummary.of(settings.key(), plan, analysis.tables(), users));
    }

    @Override
    public List<Problem> problems(Analysis analysis) {
        List<Problem> problems = new ArrayList<>();
        for (TableAnalysis table : analysis.tables()) {
            MaskedFiles.undecided(plan, plan.table(table.model()), problems);
            MaskedAnalysis masked = MaskedAnalysis.of(table);
            if (masked == null) {
                continue;
            }
            for (Map.Entry<String, String> attribute : masked.undecided().entrySet()) {
                String name = attribute.getKey();
                String kind = attribute.getValue().equals(MaskedValues.BY_VALUE) ? PersonalAttributes.EMAIL : PersonalAttributes.kind(name);
                problems.add(Problem.attribute(table.model(), name, attribute.getValue() + ", and the plan neither masks nor keeps"
                        + " it: add \"" + name + "\": \"" + kind + "\" (or another kind) to table " + table.model()
                        + "'s mask, or \"" + name + "\": \"keep\" to copy it as it is"));
            }
        }
        return problems;
    }
}
