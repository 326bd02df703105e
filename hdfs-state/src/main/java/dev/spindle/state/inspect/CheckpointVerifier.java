package dev.spindle.state.inspect;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.CheckpointLock;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.shuffle.ShuffleReader;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.retention.CheckpointReferences;
import dev.spindle.state.retention.GarbageCollector;
import dev.spindle.state.retention.RetentionHorizon;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.state.snapshot.FileTransfers;
import dev.spindle.state.task.RestorePlanner;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;

/**
 * Checks a whole checkpoint directory: the logs are contiguous and every entry verifies; every
 * file a retained commit names, directly or through a manifest, is present with its recorded
 * length and CRC32C; every task can be restored at the newest commit. Files nothing needs are
 * reported as orphans (debris GC will remove) or as in flight (a batch or upload not committed
 * yet), never as damage.
 */
public final class CheckpointVerifier {
    private final Checkpoint checkpoint;
    private final RetentionSettings settings;
    private final Clock clock;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> damaged = new HashSet<>();
    private int filesChecked;

    public CheckpointVerifier(Checkpoint checkpoint, RetentionSettings settings, Clock clock) {
        this.checkpoint = checkpoint;
        this.settings = settings;
        this.clock = clock;
    }

    public VerificationReport verify() throws IOException {
        List<Long> plans = checkpoint.offsets().batches();
        List<Long> commits = checkpoint.commits().batches();
        checkLog("offsets", plans);
        checkLog("commits", commits);
        if (commits.isEmpty()) {
            classifyUnreferenced(null, -1, -1);
            return new VerificationReport(0, -1, filesChecked, problems);
        }
        long latest = commits.get(commits.size() - 1);
        checkPlansMatchCommits(plans, commits, latest);
        long keepFrom = RetentionHorizon.keepFrom(checkpoint.commits(), latest, settings, OptionalLong.empty());
        CheckpointReferences references = CheckpointReferences.collect(checkpoint, keepFrom, latest);
        references.problems().forEach((path, message) -> report(Problem.Kind.CORRUPT, path, message));
        for (FileRef ref : references.files().values()) {
            checkFile(ref, references);
        }
        checkRestorable(latest);
        classifyUnreferenced(references, keepFrom, latest);
        return new VerificationReport(keepFrom, latest, filesChecked, problems);
    }

    private void checkLog(String dir, List<Long> batches) throws IOException {
        for (int i = 0; i < batches.size(); i++) {
            long batch = batches.get(i);
            if (i > 0 && batch != batches.get(i - 1) + 1) {
                report(Problem.Kind.GAP, dir + "/" + batch, "follows " + dir + "/" + batches.get(i - 1));
            }
            try {
                if (dir.equals("offsets")) {
                    checkpoint.offsets().get(batch);
                } else {
                    checkpoint.commits().get(batch);
                }
                filesChecked++;
            } catch (CorruptFileException e) {
                report(Problem.Kind.CORRUPT, e.path(), problemText(e));
            }
        }
    }

    private void checkPlansMatchCommits(List<Long> plans, List<Long> commits, long latest) {
        Set<Long> planned = new HashSet<>(plans);
        for (long batch : commits) {
            if (!planned.contains(batch)) {
                report(Problem.Kind.GAP, "commits/" + batch, "has no plan offsets/" + batch);
            }
        }
        if (!plans.isEmpty() && plans.get(plans.size() - 1) > latest + 1) {
            report(Problem.Kind.GAP, "offsets/" + plans.get(plans.size() - 1),
                    "is more than one batch ahead of the newest commit commits/" + latest);
        }
    }

    private void checkFile(FileRef ref, CheckpointReferences references) throws IOException {
        Long outputBatch = references.outputBatch(ref.path());
        if (outputBatch != null && checkpoint.fs().exists(CheckpointLayout.published(outputBatch))) {
            return; // published: the staged file has been renamed to its final name
        }
        Optional<FileStatus> status = statusOf(ref.path());
        if (status.isEmpty()) {
            report(Problem.Kind.MISSING, ref.path(), "named by " + references.namedBy(ref.path()));
            return;
        }
        filesChecked++;
        if (status.get().getLen() != ref.length()) {
            report(Problem.Kind.CORRUPT, ref.path(),
                    "length " + status.get().getLen() + ", " + references.namedBy(ref.path()) + " recorded " + ref.length());
        } else if (CheckpointLayout.isShuffleFile(ref.path())) {
            try {
                ShuffleReader.verify(checkpoint.fs(), ref); // its reference holds the footer's CRC, which holds each block's
            } catch (CorruptFileException e) {
                report(Problem.Kind.CORRUPT, ref.path(), e.getMessage().replace(ref.path() + ": ", "")
                        + " (named by " + references.namedBy(ref.path()) + ")");
            }
        } else if (FileTransfers.crc32c(checkpoint.fs(), ref.path()) != ref.crc32c()) {
            report(Problem.Kind.CORRUPT, ref.path(), "checksum mismatch (named by " + references.namedBy(ref.path()) + ")");
        }
    }

    private void checkRestorable(long latest) throws IOException {
        Optional<BatchCommit> newest;
        try {
            newest = checkpoint.commits().get(latest);
        } catch (CorruptFileException e) {
            return; // reported by checkLog
        }
        RestorePlanner planner = new RestorePlanner(checkpoint.commits());
        for (String task : newest.orElseThrow().tasks().keySet()) {
            long goal = latest;
            String reason = null;
            while (goal >= -1) {
                RestorePlanner.Outcome outcome;
                try {
                    outcome = planner.plan(task, goal, damaged);
                } catch (IOException e) {
                    reason = e.getMessage();
                    goal = -2;
                    break;
                }
                if (outcome.found()) {
                    break;
                }
                reason = reason == null ? outcome.reason() : reason;
                goal = outcome.blockedAtBatch() - 1;
            }
            if (goal < latest) {
                report(Problem.Kind.UNRESTORABLE, CheckpointLayout.taskDir(task), "cannot be restored at batch " + latest
                        + " (" + reason + "); " + (goal >= -1 ? "newest restorable batch: " + goal : "no batch is restorable"));
            }
        }
    }

    private void classifyUnreferenced(CheckpointReferences references, long keepFrom, long latest) throws IOException {
        long now = clock.millis();
        Set<String> young = CheckpointReferences.filesOfYoungManifests(checkpoint, now, settings.gcGrace());
        for (FileStatus status : checkpoint.fs().listFilesRecursively("")) {
            String path = checkpoint.fs().relativize(status.getPath());
            if (path.equals(CheckpointLayout.METADATA) || path.equals(CheckpointLock.FILE_NAME)) {
                continue;
            }
            OptionalLong batch = CheckpointLayout.batchOf(path);
            if (GarbageCollector.isLogEntry(path)) {
                if (batch.isPresent() && batch.getAsLong() < keepFrom) {
                    report(Problem.Kind.ORPHAN, path, "older than the retention horizon (batch " + keepFrom + ")");
                }
                continue;
            }
            if (references != null && references.contains(path)) {
                continue;
            }
            if (CheckpointLayout.isTableCopy(path)) {
                boolean recent = now - status.getModificationTime() <= settings.gcGrace().toMillis();
                report(recent ? Problem.Kind.IN_FLIGHT : Problem.Kind.ORPHAN, path, recent
                        ? "a table copy no plan pins yet" : "a table copy no retained plan pins");
            } else if (batch.isEmpty()) {
                report(Problem.Kind.UNKNOWN, path, "not part of the checkpoint format");
            } else if (batch.getAsLong() > latest || young.contains(path)
                    || now - status.getModificationTime() <= settings.gcGrace().toMillis()) {
                report(Problem.Kind.IN_FLIGHT, path, "of a batch or upload not committed yet");
            } else {
                report(Problem.Kind.ORPHAN, path, "no retained commit needs it");
            }
        }
    }

    private Optional<FileStatus> statusOf(String path) throws IOException {
        try {
            return Optional.of(checkpoint.fs().fileSystem().getFileStatus(checkpoint.fs().resolve(path)));
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }

    private void report(Problem.Kind kind, String path, String message) {
        problems.add(new Problem(kind, path, message));
        if (kind.isDamage()) {
            damaged.add(path);
        }
    }

    private static String problemText(CorruptFileException e) {
        String message = e.getMessage();
        return message.startsWith(e.path() + ": ") ? message.substring(e.path().length() + 2) : message;
    }
}
