package dev.spindle.state.inspect;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.snapshot.SnapshotManifest;
import dev.spindle.state.task.RestorePlan;
import dev.spindle.state.task.RestorePlanner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The committed batches of a checkpoint with what each cost and what restoring it needs. */
public final class CheckpointListing {
    private final Checkpoint checkpoint;
    private final Map<String, Optional<SnapshotManifest>> manifests = new HashMap<>();

    public CheckpointListing(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    /** One summary per readable commit, oldest first. */
    public List<CommitSummary> list() throws IOException {
        RestorePlanner planner = new RestorePlanner(checkpoint.commits());
        Map<String, Set<String>> previousSnapshotFiles = new HashMap<>();
        List<CommitSummary> summaries = new ArrayList<>();
        for (long batch : checkpoint.commits().batches()) {
            BatchCommit commit;
            try {
                commit = checkpoint.commits().get(batch).orElseThrow();
            } catch (CorruptFileException e) {
                continue;
            }
            List<CommitSummary.TaskUsage> tasks = new ArrayList<>();
            for (Map.Entry<String, TaskCommit> entry : commit.tasks().entrySet()) {
                String task = entry.getKey();
                long uploaded = uploadedBytes(entry.getValue(), previousSnapshotFiles.computeIfAbsent(task, t -> new HashSet<>()));
                tasks.add(new CommitSummary.TaskUsage(task, uploaded, referencedBytes(planner, task, batch)));
            }
            summaries.add(new CommitSummary(batch, commit.epoch(), tasks));
        }
        return summaries;
    }

    private long uploadedBytes(TaskCommit commit, Set<String> previousFiles) throws IOException {
        long bytes = commit.changelog() == null ? 0 : commit.changelog().length();
        if (commit.snapshot() != null) {
            bytes += commit.snapshot().manifest().length();
            Optional<SnapshotManifest> manifest = manifest(commit.snapshot().manifest());
            if (manifest.isPresent()) {
                Set<String> files = new HashSet<>();
                for (SnapshotManifest.Entry file : manifest.get().files()) {
                    files.add(file.file().path());
                    if (!previousFiles.contains(file.file().path())) {
                        bytes += file.file().length();
                    }
                }
                previousFiles.clear();
                previousFiles.addAll(files);
            }
        }
        return bytes;
    }

    private long referencedBytes(RestorePlanner planner, String task, long batch) throws IOException {
        RestorePlan plan;
        try {
            RestorePlanner.Outcome outcome = planner.plan(task, batch, Set.of());
            if (!outcome.found()) {
                return -1;
            }
            plan = outcome.plan();
        } catch (IOException e) {
            return -1;
        }
        long bytes = 0;
        if (plan.snapshot() != null) {
            Optional<SnapshotManifest> manifest = manifest(plan.snapshot().manifest());
            if (manifest.isEmpty()) {
                return -1;
            }
            bytes += plan.snapshot().manifest().length() + manifest.get().totalBytes();
        }
        for (RestorePlan.Step step : plan.steps()) {
            bytes += step.changelog() == null ? 0 : step.changelog().length();
        }
        return bytes;
    }

    private Optional<SnapshotManifest> manifest(FileRef ref) throws IOException {
        Optional<SnapshotManifest> cached = manifests.get(ref.path());
        if (cached == null) {
            try {
                cached = Optional.of(SnapshotManifest.read(checkpoint.fs(), ref));
            } catch (CorruptFileException e) {
                cached = Optional.empty();
            }
            manifests.put(ref.path(), cached);
        }
        return cached;
    }
}
