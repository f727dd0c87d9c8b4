/**
 * The Storage buckets of a plan's file references: the source's as a read-only ObjectReader, the target's as an
 * ObjectStore whose every write may carry a condition (S3ObjectStore over S3; S3Buckets per side's account, with the
 * expected bucket owner), and how two objects are compared.
 *
 * <p>Floor 3: imports the root package, plan and store. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face({Buckets.class, ObjectComparison.class, ObjectHead.class, ObjectReader.class, ObjectStore.class,
        S3Buckets.class, StorageReach.class})
package dev.dmig.files;

import dev.dmig.Face;
