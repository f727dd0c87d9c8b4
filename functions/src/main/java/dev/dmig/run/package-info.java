/**
 * One run's life and files: its request and mode, manifest and status, the artifacts' layout (RunLayout) and typed
 * reads (RunFiles), the target's lock, the writers' fence and leases, deadlines, and RunOpener, which opens, resumes
 * or refuses a run.
 *
 * <p>Floor 3: imports the root package, json, plan and store. (ArchitectureTest checks it: docs/development.md,
 * "Packages").
 */
@Face({ConfirmationRequiredException.class, Deadline.class, FollowCheckpoint.class, FollowDecisions.class,
        FollowStatus.class, RootInvalidException.class, RunFiles.class,
        RunGate.class, RunInputInvalidException.class, RunLayout.class, RunLock.class, RunManifest.class, RunMode.class,
        RunRequest.class, RunState.class, RunStatus.class, RunTime.class, SegmentUnits.class, SharedObjects.class, Slice.class,
        SourceView.class, WriterFence.class})
package dev.dmig.run;

import dev.dmig.Face;
