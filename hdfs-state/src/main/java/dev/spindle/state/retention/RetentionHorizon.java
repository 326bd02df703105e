package dev.spindle.state.retention;

import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.CommitHistory;
import dev.spindle.state.task.RestorePlanner;
import dev.spindle.state.task.StateUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The oldest commit a checkpoint must keep (invariant I4). It is the oldest of:
 * <ul>
 *   <li>the {@code retain}-th newest commit;
 *   <li>for each of the newest {@code fallback-depth} commits, and for the commit before the
 *       oldest batch whose Kafka output is not confirmed, the batch of the snapshot a restore of
 *       it starts from (batch 0 when it starts from the empty state).
 * </ul>
 * Everything the commits from there to the newest name is kept, so each of those commits can be
 * restored and any of those batches redone. Computed from the commits on storage alone. A
 * commit that is already unrestorable (the settings were narrower at an earlier GC) holds nothing back.
 */
public final class RetentionHorizon {
    private RetentionHorizon() {}

    /**
     * @param oldestUnconfirmed the oldest batch whose Kafka output is not confirmed, if any
     * @return the first batch whose commit is kept
     */
    public static long keepFrom(CommitHistory history, long latest, RetentionSettings settings,
            OptionalLong oldestUnconfirmed) throws IOException {
        CommitHistory commits = history.listedOnce(); // a restore plan per task and commit lists them otherwise
        List<Long> batches = commits.batches();
        long earliest = batches.isEmpty() ? 0 : batches.get(0);
        long keepFrom = Math.max(earliest, latest - settings.retain() + 1);
        Set<Long> mustRestore = new TreeSet<>();
        for (long c = Math.max(earliest, latest - settings.fallbackDepth() + 1); c <= latest; c++) {
            mustRestore.add(c);
        }
        if (oldestUnconfirmed.isPresent() && oldestUnconfirmed.getAsLong() - 1 >= earliest) {
            mustRestore.add(Math.min(latest, oldestUnconfirmed.getAsLong() - 1));
        }
        BatchCommit newest = commits.get(latest).orElseThrow(() -> new IOException("commits/" + latest + " is missing"));
        RestorePlanner planner = new RestorePlanner(commits);
        for (long target : mustRestore) {
            for (String task : newest.tasks().keySet()) {
                try {
                    RestorePlanner.Outcome outcome = planner.plan(task, target, Set.of());
                    keepFrom = Math.min(keepFrom, Math.max(0, outcome.found() ? outcome.plan().baseBatch() : earliest));
                } catch (StateUnavailableException e) {
                    // Already unrestorable (settings were narrower before): keeping more would not help.
                } catch (IOException e) {
                    return earliest; // cannot tell what a restore needs: keep everything
                }
            }
        }
        return Math.max(earliest, keepFrom);
    }
}
