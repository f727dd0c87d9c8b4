package dev.dmig.files;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.InFlight;

/** A plan whose one table, Photo, names an image in each record, and its two buckets in memory, their heads counted together. */
public final class PhotoBuckets {
    public static final MigrationPlan PLAN = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE", "storageBucket": "app-dev"},
             "target": {"tableSuffix": "-prod-NONE", "storageBucket": "app-prod"},
             "files": {"onMissing": "keep"},
             "tables": {"Photo": {"ids": "preserve", "files": {"image": {}}}}}""");

    /** Both buckets' heads: two of them meet before either goes on. */
    public final InFlight heads = new InFlight(2);
    public final InMemoryBucket source = new InMemoryBucket("app-dev", heads);
    public final InMemoryObjectStore target = new InMemoryObjectStore("app-prod", heads);
}
