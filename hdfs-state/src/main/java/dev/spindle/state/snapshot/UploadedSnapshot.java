package dev.spindle.state.snapshot;

import dev.spindle.state.log.SnapshotRef;

/**
 * A snapshot whose files and manifest are on the checkpoint, finished at {@code finishedAtMillis}:
 * inert until a commit names {@link #ref()}.
 */
public record UploadedSnapshot(SnapshotRef ref, SnapshotManifest manifest, long uploadedBytes, long finishedAtMillis) {}
