package dev.spindle.state.retention;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.CheckpointLock;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what no retained commit needs. A file is deleted only when all of these hold:
 * <ol>
 *   <li>no commit in {@code [keepFrom, latest]} names it, directly or through a snapshot manifest;
 *   <li>the batch in its name is at or before {@code latest}, the newest commit when GC started
 *       (files of batches in flight are never touched);
 *   <li>it is older than the grace period, and no snapshot manifest younger than the grace period
 *       lists it (an upload that finished but is not committed yet).
 * </ol>
 * Log entries ({@code offsets/}, {@code commits/}, {@code sinks/published/}) before
 * {@code keepFrom} go last. References come from storage on every run, never from memory, so a
 * crash during GC neither deletes a live file nor leaks one: the next run finishes the job.
 * Only the leader of a live job, or a tool on a checkpoint no job holds, may run it.
 */
public final class GarbageCollector {
    /** The directories whose empty subdirectories GC removes (they stay themselves). */
    private static final List<String> ROOTS = List.of(CheckpointLayout.STATE, CheckpointLayout.STAGING,
            CheckpointLayout.TABLES, CheckpointLayout.SHUFFLE);

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Checkpoint checkpoint;
    private final RetentionSettings settings;
    private final Clock clock;

    public GarbageCollector(Checkpoint checkpoint, RetentionSettings settings, Clock clock) {
        this.checkpoint = checkpoint;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param oldestUnconfirmed the oldest batch whose Kafka output is not confirmed, if any
     * @param dryRun report what would be deleted, delete nothing
     */
    public GcReport collect(OptionalLong oldestUnconfirmed, boolean dryRun) throws IOException {
        OptionalLong newest = checkpoint.commits().latestBatch();
        if (newest.isEmpty()) {
            return new GcReport(0, -1, List.of(), dryRun);
        }
        long latest = newest.getAsLong();
        long keepFrom = RetentionHorizon.keepFrom(checkpoint.commits(), latest, settings, oldestUnconfirmed);
        CheckpointReferences references = CheckpointReferences.collect(checkpoint, keepFrom, latest);
        long now = clock.millis();
        Set<String> protectedFiles = CheckpointReferences.filesOfYoungManifests(checkpoint, now, settings.gcGrace());

        List<String> files = new ArrayList<>();
        List<String> logEntries = new ArrayList<>();
        for (FileStatus status : checkpoint.fs().listFilesRecursively("")) {
            String path = checkpoint.fs().relativize(status.getPath());
            if (isLogEntry(path)) {
                if (CheckpointLayout.batchOf(path).orElse(Long.MAX_VALUE) < keepFrom) {
                    logEntries.add(path);
                }
            } else if (isGarbage(path, status, references, protectedFiles, latest, now)) {
                files.add(path);
            }
        }
        logEntries.sort((a, b) -> Integer.compare(order(a), order(b)));
        List<String> deleted = new ArrayList<>(files);
        deleted.addAll(logEntries);
        if (!dryRun) {
            for (String path : deleted) {
                checkpoint.fs().delete(path, false);
                CheckpointLayout.batchOf(path).ifPresent(batch -> forget(path, batch));
            }
            deleteEmptyDirectories();
            LOG.info("GC of {} kept commits {}..{} and deleted {} files", checkpoint.fs().root(), keepFrom, latest,
                    deleted.size());
        }
        return new GcReport(keepFrom, latest, deleted, dryRun);
    }

    private boolean isGarbage(String path, FileStatus status, CheckpointReferences references,
            Set<String> protectedFiles, long latest, long now) {
        if (path.equals(CheckpointLayout.METADATA) || path.equals(CheckpointLock.FILE_NAME)) {
            return false;
        }
        if (CheckpointLayout.isTableCopy(path)) { // no retained plan pins it, and it is not one about to be pinned
            return !references.contains(path) && now - status.getModificationTime() > settings.gcGrace().toMillis();
        }
        OptionalLong batch = CheckpointLayout.batchOf(path);
        if (batch.isEmpty() || batch.getAsLong() > latest) {
            return false; // unknown files are never ours to delete; later batches are in flight
        }
        if (references.contains(path) || protectedFiles.contains(path)) {
            return false;
        }
        if (isSst(path) && references.tasksWithUnreadableManifests().contains(taskOf(path))) {
            return false;
        }
        return now - status.getModificationTime() > settings.gcGrace().toMillis();
    }

    private void deleteEmptyDirectories() throws IOException {
        for (String root : ROOTS) {
            deleteEmptyBelow(root);
        }
    }

    private boolean deleteEmptyBelow(String dir) throws IOException {
        boolean empty = true;
        for (FileStatus status : checkpoint.fs().list(dir)) {
            String child = checkpoint.fs().relativize(status.getPath());
            if (!status.isDirectory() || !deleteEmptyBelow(child)) {
                empty = false;
            }
        }
        boolean root = ROOTS.contains(dir);
        if (empty && !root && checkpoint.fs().exists(dir)) {
            checkpoint.fs().delete(dir, false);
            return true;
        }
        return empty;
    }

    private void forget(String path, long batch) {
        if (path.startsWith("offsets/")) {
            checkpoint.offsets().forget(batch);
        } else if (path.startsWith("commits/")) {
            checkpoint.commits().forget(batch);
        }
    }

    /** {@code offsets/<b>}, {@code commits/<b>} and {@code sinks/published/<b>}: removed by batch, not by reference. */
    public static boolean isLogEntry(String path) {
        String[] parts = path.split("/");
        if (parts.length == 2 && (parts[0].equals("offsets") || parts[0].equals("commits"))) {
            return !parts[1].startsWith(".");
        }
        return path.startsWith(CheckpointLayout.PUBLISHED + "/") && !parts[parts.length - 1].startsWith(".");
    }

    /** Published markers first, then commits, then plans: a crash leaves the log's prefix consistent. */
    private static int order(String path) {
        if (path.startsWith(CheckpointLayout.PUBLISHED)) {
            return 0;
        }
        return path.startsWith("commits/") ? 1 : 2;
    }

    private static boolean isSst(String path) {
        return path.contains("/sst/");
    }

    private static String taskOf(String path) {
        return path.split("/")[1];
    }
}
