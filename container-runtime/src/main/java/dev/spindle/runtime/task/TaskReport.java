package dev.spindle.runtime.task;

import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.SnapshotRef;
import dev.spindle.state.log.TaskCommit;
import java.util.List;

/**
 * What an attempt reports when it has executed and persisted its batch: its changelog (null when
 * the batch changed no state), a finished snapshot for the commit to name (or null), its staged
 * output, its counters, and the shuffle file it wrote for the next stage (or null). The commit turns
 * the accepted report into the task's entry.
 */
public record TaskReport(String task, String attempt, FileRef changelog, SnapshotRef snapshot,
        List<OutputFile> outputs, TaskCounters counters, FileRef shuffle) {

    public TaskCommit toTaskCommit() {
        return new TaskCommit(attempt, changelog, snapshot, outputs, counters.toProperties(), shuffle);
    }
}
