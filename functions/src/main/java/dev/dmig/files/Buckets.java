package dev.dmig.files;

import dev.dmig.plan.MigrationPlan;

/**
 * Reaches a plan's Storage buckets: the source's as an {@link ObjectReader} only, so that no code can write it; the
 * target's as an {@link ObjectStore}. Each is reached with its side's account and, for local runs, its endpoint.
 */
public interface Buckets {
    /** A process that reaches no bucket: a plan that copies files is refused. */
    Buckets NONE = new Buckets() {
        @Override
        public ObjectReader source(MigrationPlan plan) {
            throw none();
        }

        @Override
        public ObjectStore target(MigrationPlan plan) {
            throw none();
        }

        private IllegalStateException none() {
            return new IllegalStateException("this process reaches no Storage bucket, and the plan copies files");
        }
    };

    ObjectReader source(MigrationPlan plan);

    ObjectStore target(MigrationPlan plan);

    /**
     * Whether the plan's objects go through dmig (read with the source's role, written with the target's) rather than
     * being copied server-side: the sides are reached with other accounts or endpoints.
     */
    static boolean streams(MigrationPlan plan) {
        return !plan.sourceAccount().equals(plan.targetAccount())
                || !java.util.Objects.equals(plan.storage().sourceEndpoint(), plan.storage().targetEndpoint());
    }
}
