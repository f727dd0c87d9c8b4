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

/**
 * A masked run's Analyze call: its key, read before anything is read (a run without one is refused in one line) and held
 * to for the whole run ({@link RunKey}: stored by the first call, another refused by the later ones); its rules
 * against the live tables' keys, before the scans ({@link MaskedKeys}: a key is masked only by a kind that keeps values apart); the
 * run's {@code masking} in the analysis; and, before any write, dry runs included, each attribute path, top-level or
 * inside maps and lists ({@link UndecidedPaths}), that looks personal and that the plan neither masks nor keeps, and
 * each file reference it does not decide ({@link MaskedFiles}), one line each with the fix (strict by default).
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
            masked.undecided().forEach((path, why) -> problems.add(Problem.attribute(table.model(), path, why
                    + ", and the plan neither masks nor keeps it: " + fix(table.model(), path, why))));
        }
        return problems;
    }

    /**
     * What the plan may say of an undecided path: a kind (its values', else its last name's), or, for maps or lists deeper
     * than strict mode looks, to keep or remove them whole or mask their parts.
     */
    private static String fix(String model, String path, String why) {
        if (why.equals(UndecidedPaths.TOO_DEEP)) {
            return "add \"" + path + "\": \"remove\" (or a rule for each of its personal parts) to table " + model
                    + "'s mask, or \"" + path + "\": \"keep\" to copy it as it is";
        }
        String kind = why.equals(UndecidedPaths.BY_VALUE) ? PersonalAttributes.EMAIL : PersonalAttributes.kind(last(path));
        return "add \"" + path + "\": \"" + kind + "\" (or another kind) to table " + model + "'s mask, or \"" + path
                + "\": \"keep\" to copy it as it is";
    }

    /** A path's last name: {@code phone} of {@code guests[].phone}, {@code tags} of {@code tags[]}. */
    private static String last(String path) {
        String name = path.endsWith("[]") ? path.substring(0, path.length() - 2) : path;
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
