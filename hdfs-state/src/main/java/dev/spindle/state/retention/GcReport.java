package dev.spindle.state.retention;

import java.util.List;

/**
 * What one garbage collection did (or, when dry, would do): the first commit kept, the newest
 * commit when it started, and the files deleted.
 */
public record GcReport(long keepFrom, long latest, List<String> deleted, boolean dryRun) {
    public GcReport {
        deleted = List.copyOf(deleted);
    }
}
