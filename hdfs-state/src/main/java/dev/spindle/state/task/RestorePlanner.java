package dev.spindle.state.task;

import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.CommitHistory;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans restores from the commits on storage, never from memory: the newest snapshot at or
 * before the target that some commit names, plus the changelogs of the batches after it. Files
 * known to be damaged are avoided; when a damaged changelog makes the target unreachable, the
 * plan says which batch blocks it, so the caller can fall back to the batch before.
 */
public final class RestorePlanner {
    private final CommitHistory commits;

    public RestorePlanner(CommitHistory commits) {
        this.commits = commits;
    }

    /** The outcome: a plan, or the batch whose damaged changelog stands in the way. */
    public record Outcome(RestorePlan plan, long blockedAtBatch, String reason) {
        public boolean found() {
            return plan != null;
        }
    }

    /**
     * @param damaged checkpoint paths known to be missing or corrupt
     * @throws StateUnavailableException when commits the restore needs are gone
     */
    public Outcome plan(String task, long target, Set<String> damaged) throws IOException {
        if (target < 0) {
            return new Outcome(new RestorePlan(task, -1, null, "", List.of()), -1, null);
        }
        for (SnapshotRef snapshot : snapshotsUpTo(task, target)) {
            if (snapshot != null && damaged.contains(snapshot.manifest().path())) {
                continue;
            }
            long base = snapshot == null ? -1 : snapshot.stateBatch();
            String baseAttempt = "";
            if (snapshot != null) {
                try {
                    baseAttempt = taskCommit(task, base).attempt();
                } catch (IOException e) {
                    baseAttempt = "?"; // the commit of the snapshot's batch is gone; the snapshot still holds its state
                }
            }
            List<RestorePlan.Step> steps = new ArrayList<>();
            for (long batch = base + 1; batch <= target; batch++) {
                TaskCommit commit;
                try {
                    commit = taskCommit(task, batch);
                } catch (CorruptFileException e) {
                    return new Outcome(null, batch, e.getMessage());
                }
                if (commit.changelog() != null && damaged.contains(commit.changelog().path())) {
                    return new Outcome(null, batch, commit.changelog().path() + " is damaged");
                }
                steps.add(new RestorePlan.Step(batch, commit.attempt(), commit.changelog()));
            }
            return new Outcome(new RestorePlan(task, target, snapshot, baseAttempt, steps), -1, null);
        }
        throw new StateUnavailableException("task " + task + ": no intact snapshot or changelog history reaches batch " + target);
    }

    /**
     * The snapshots of {@code task} with state at or before {@code target} that any commit on
     * storage names, newest first, ending with null (the empty state) when the commit history
     * reaches back to batch 0.
     */
    public List<SnapshotRef> snapshotsUpTo(String task, long target) throws IOException {
        Map<String, SnapshotRef> byManifest = new LinkedHashMap<>();
        List<Long> batches = commits.batches();
        for (long batch : batches) {
            Optional<BatchCommit> commit;
            try {
                commit = commits.get(batch);
            } catch (CorruptFileException e) {
                continue; // a damaged commit names no usable snapshot
            }
            TaskCommit taskCommit = commit.map(c -> c.tasks().get(task)).orElse(null);
            if (taskCommit != null && taskCommit.snapshot() != null && taskCommit.snapshot().stateBatch() <= target) {
                byManifest.putIfAbsent(taskCommit.snapshot().manifest().path(), taskCommit.snapshot());
            }
        }
        List<SnapshotRef> snapshots = new ArrayList<>(byManifest.values());
        snapshots.sort(Comparator.comparingLong(SnapshotRef::stateBatch).reversed());
        if (!batches.isEmpty() && batches.get(0) == 0) {
            snapshots.add(null);
        }
        return snapshots;
    }

    private TaskCommit taskCommit(String task, long batch) throws IOException {
        BatchCommit commit = commits.get(batch).orElseThrow(() -> new StateUnavailableException(
                "task " + task + ": commits/" + batch + " is gone, and the state needs it"));
        TaskCommit taskCommit = commit.tasks().get(task);
        if (taskCommit == null) {
            throw new StateUnavailableException("task " + task + ": commits/" + batch + " does not name the task");
        }
        return taskCommit;
    }
}
