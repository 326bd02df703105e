package dev.spindle.state.retention;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.CorruptFileException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.BatchPlan;
import dev.spindle.state.log.OffsetLog;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.snapshot.SnapshotManifest;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;

/**
 * Every file the commits in {@code [keepFrom, latest]} name, directly (changelogs, shuffle files,
 * snapshot manifests, staged output) or through a snapshot manifest (SST and RocksDB files), and every
 * static table copy the plans from {@code keepFrom} on pin, with the length and CRC32C it must
 * have. Read from storage only.
 */
public final class CheckpointReferences {
    private final Map<String, FileRef> files = new LinkedHashMap<>();
    private final Map<String, String> namedBy = new LinkedHashMap<>();
    private final Set<String> tasksWithUnreadableManifests = new HashSet<>();
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final Map<String, Long> outputBatches = new LinkedHashMap<>();

    private CheckpointReferences() {}

    public static CheckpointReferences collect(Checkpoint checkpoint, long keepFrom, long latest) throws IOException {
        CheckpointReferences refs = new CheckpointReferences();
        for (long batch = keepFrom; batch <= latest; batch++) {
            Optional<BatchCommit> commit;
            try {
                commit = checkpoint.commits().get(batch);
            } catch (CorruptFileException e) {
                refs.problems.put(e.path(), withoutPath(e));
                continue;
            }
            if (commit.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, TaskCommit> task : commit.get().tasks().entrySet()) {
                refs.addTask(checkpoint, batch, task.getKey(), task.getValue());
            }
        }
        long latestPlan = Math.max(latest, checkpoint.offsets().latestBatch().orElse(-1));
        for (long batch = keepFrom; batch <= latestPlan; batch++) { // plans in flight pin tables too
            try {
                Optional<BatchPlan> plan = checkpoint.offsets().get(batch);
                if (plan.isPresent()) {
                    refs.addTables(plan.get());
                }
            } catch (CorruptFileException e) {
                refs.problems.put(e.path(), withoutPath(e));
            }
        }
        return refs;
    }

    /** The static table copies a plan pins ({@code "tables":{name:{crc, length}}} in its plan object). */
    private void addTables(BatchPlan plan) throws CorruptFileException {
        String path = OffsetLog.pathOf(plan.batch());
        JsonNode tables;
        try {
            tables = Json.parseText(plan.planJson(), path).get("tables");
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(path, "its plan is not valid JSON");
        }
        if (tables == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> table : tables.properties()) {
            long crc = table.getValue().path("crc").asLong(-1);
            long length = table.getValue().path("length").asLong(-1);
            if (crc < 0 || length < 0) {
                throw new CorruptFileException(path, "table " + table.getKey() + " has no crc and length");
            }
            add(new FileRef(CheckpointLayout.tableCopy(table.getKey(), crc, length), length, crc), path);
        }
    }

    private void addTask(Checkpoint checkpoint, long batch, String task, TaskCommit taskCommit) throws IOException {
        String commit = "commits/" + batch;
        if (taskCommit.changelog() != null) {
            add(taskCommit.changelog(), commit);
        }
        if (taskCommit.shuffle() != null) {
            add(taskCommit.shuffle(), commit);
        }
        for (OutputFile output : taskCommit.outputs()) {
            add(new FileRef(output.staged(), output.length(), output.crc32c()), commit);
            outputBatches.put(output.staged(), batch);
        }
        if (taskCommit.snapshot() != null) {
            FileRef manifestRef = taskCommit.snapshot().manifest();
            add(manifestRef, commit);
            try {
                for (SnapshotManifest.Entry entry : SnapshotManifest.read(checkpoint.fs(), manifestRef).files()) {
                    add(entry.file(), manifestRef.path());
                }
            } catch (CorruptFileException e) {
                tasksWithUnreadableManifests.add(task);
                problems.put(e.path(), withoutPath(e));
            }
        }
    }

    private void add(FileRef ref, String by) {
        files.putIfAbsent(ref.path(), ref);
        namedBy.putIfAbsent(ref.path(), by);
    }

    /** The referenced files by path, in the order first named. */
    public Map<String, FileRef> files() {
        return files;
    }

    /** The batch of a referenced staged output file, or null when the path is not staged output. */
    public Long outputBatch(String path) {
        return outputBatches.get(path);
    }

    /**
     * Files listed by snapshot manifests written within {@code grace} of {@code now}, committed or
     * not: an upload that may be about to be committed must not lose its files.
     */
    public static Set<String> filesOfYoungManifests(Checkpoint checkpoint, long now, Duration grace) throws IOException {
        Set<String> files = new HashSet<>();
        for (FileStatus status : checkpoint.fs().listFilesRecursively(CheckpointLayout.STATE)) {
            String path = checkpoint.fs().relativize(status.getPath());
            if (!path.endsWith("/" + CheckpointLayout.MANIFEST_FILE) || now - status.getModificationTime() > grace.toMillis()) {
                continue;
            }
            try {
                SnapshotManifest.parse(checkpoint.fs().readIfExists(path), path).files()
                        .forEach(entry -> files.add(entry.file().path()));
            } catch (CorruptFileException e) {
                // an unreadable manifest protects nothing; verification reports it
            }
        }
        return files;
    }

    /** Which commit or manifest first named a referenced file. */
    public String namedBy(String path) {
        return namedBy.get(path);
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }

    /**
     * Tasks one of whose retained snapshots has an unreadable manifest: which SST files it lists
     * cannot be known, so GC keeps all of the task's SST files.
     */
    public Set<String> tasksWithUnreadableManifests() {
        return tasksWithUnreadableManifests;
    }

    private static String withoutPath(CorruptFileException e) {
        String message = e.getMessage();
        return message.startsWith(e.path() + ": ") ? message.substring(e.path().length() + 2) : message;
    }

    /** Retained commits or manifests that could not be read, by path, with what is wrong. */
    public Map<String, String> problems() {
        return problems;
    }
}
