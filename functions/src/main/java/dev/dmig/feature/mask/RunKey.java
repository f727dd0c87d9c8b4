package dev.dmig.feature.mask;

import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.util.List;

/**
 * The key a masked run began with, held to for the whole run: its variable and {@link MaskKey#fingerprint} (never the
 * key), stored with the run ({@code runs/<id>/mask/key.json}) by its first Analyze call. Every later call, and every
 * process that maps the run's items (a copy's segment, a test, validation, a resumed run), reads the key its variable
 * holds there and refuses, in one line, one that is not the run's: half a target masked under one key and half under
 * another would show one person as two.
 */
final class RunKey implements RunMappings.Feature {
    /** What is stored of the key: where it came from and its fingerprint. */
    record Stored(String keyFrom, String fingerprint) {}

    /** The run's key, frozen by its first call: {@code key} is stored when the run has none, and checked against it when it has. */
    static void hold(ArtifactStore artifacts, String runId, MaskKey key) {
        Stored stored = artifacts.getJson(path(runId), Stored.class).orElse(null);
        if (stored == null) {
            artifacts.putJson(path(runId), new Stored(key.variable(), key.fingerprint()));
            return;
        }
        check(stored, key, runId);
    }

    /** Refuses {@code key} when {@code runId} began with another; a run that stored none (not masked yet) has no say. */
    static void check(ArtifactStore artifacts, String runId, MaskKey key) {
        artifacts.getJson(path(runId), Stored.class).ifPresent(stored -> check(stored, key, runId));
    }

    private static void check(Stored stored, MaskKey key, String runId) {
        if (!stored.fingerprint().equals(key.fingerprint())) {
            throw new PlanInvalidException(List.of(Problem.plan("mask.keyFrom: " + key.variable() + " holds another key (fingerprint "
                    + key.fingerprint() + ") than the one run " + runId + " began with (fingerprint " + stored.fingerprint()
                    + ", from " + stored.keyFrom() + "): its values would mask unlike those written already; set "
                    + key.variable() + " to the run's key, or roll the run back and start a new one")));
        }
    }

    private static String path(String runId) {
        return RunLayout.prefix(runId) + "mask/key.json";
    }

    /** Checks the key of a masked plan's run; the value it fixes is none (the rewrite reads the key itself). */
    @Override
    public Object of(ArtifactStore artifacts, MigrationPlan plan, String runId) {
        MaskSettings settings = plan.section(MaskSettings.class);
        if (settings != null) {
            check(artifacts, runId, settings.key());
        }
        return null;
    }

    /** A preview freezes nothing: its items are masked with the key its variable holds now. */
    @Override
    public Object preview(ItemStore items, MigrationPlan plan, String model, RunMappings run) {
        return null;
    }
}
