package dev.spindle.state.task;

import dev.spindle.state.changelog.ChangelogReader;
import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.CommitHistory;
import dev.spindle.state.rocksdb.StateId;
import dev.spindle.state.rocksdb.TaskStateStore;
import dev.spindle.state.snapshot.FileTransfers;
import dev.spindle.state.snapshot.LocalSstCache;
import dev.spindle.state.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a task's RocksDB from the checkpoint: the newest snapshot at or before the target
 * (SST files from the local cache when there, downloaded otherwise), then the changelogs of the
 * batches after it. Every file is checked against the length and CRC32C its commit or manifest
 * recorded before it is used. A damaged snapshot is skipped for an older one; a damaged
 * changelog makes the restore fall back to the batch before it, and says so loudly.
 */
final class StateRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(StateRestorer.class);

    private final StateEnvironment env;

    StateRestorer(StateEnvironment env) {
        this.env = env;
    }

    /** The restored store, the plan it followed, its snapshot's manifest (or null), and why it fell back (or null). */
    record Restored(TaskStateStore store, RestorePlan plan, SnapshotManifest manifest, String fallbackReason) {}

    Restored restore(String task, long target, CommitHistory commits) throws IOException {
        RestorePlanner planner = new RestorePlanner(commits);
        Set<String> damaged = new HashSet<>();
        long goal = target;
        List<String> fallbacks = new ArrayList<>();
        while (true) {
            RestorePlanner.Outcome outcome = planner.plan(task, goal, damaged);
            if (!outcome.found()) {
                fallbacks.add(outcome.reason());
                goal = outcome.blockedAtBatch() - 1;
                continue;
            }
            try {
                return materialize(outcome.plan(), fallbacks.isEmpty() ? null
                        : "task " + task + " fell back from batch " + target + " to batch " + goal + ": "
                                + String.join("; ", fallbacks));
            } catch (CorruptFileException e) {
                RestorePlan plan = outcome.plan();
                boolean changelog = plan.steps().stream()
                        .anyMatch(step -> step.changelog() != null && step.changelog().path().equals(e.path()));
                // A damaged changelog blocks its batch; any other damaged file makes the whole snapshot unusable.
                String unusable = changelog ? e.path() : plan.snapshot().manifest().path();
                LOG.warn("Task {}: {}; restoring without {}", task, e.getMessage(), unusable);
                if (!damaged.add(unusable)) {
                    throw new StateUnavailableException("task " + task + ": " + e.getMessage());
                }
                if (changelog) {
                    fallbacks.add(e.getMessage());
                }
            }
        }
    }

    private Restored materialize(RestorePlan plan, String fallbackReason) throws IOException {
        SnapshotManifest manifest = plan.snapshot() == null ? null
                : SnapshotManifest.read(env.fs(), plan.snapshot().manifest());
        List<ChangeSet> changes = new ArrayList<>();
        for (RestorePlan.Step step : plan.steps()) {
            changes.add(step.changelog() == null ? new ChangeSet() : ChangelogReader.read(env.fs(), step.changelog()));
        }
        Path dir = env.newDbDir(plan.task());
        TaskStateStore store = null;
        try {
            Files.createDirectories(dir);
            if (manifest != null) {
                copySnapshot(plan.task(), manifest, dir);
            }
            StateId base = plan.snapshot() == null ? StateId.EMPTY
                    : new StateId(plan.snapshot().stateBatch(), plan.snapshotAttempt());
            store = TaskStateStore.open(plan.task(), dir, base, env.memory());
            for (int i = 0; i < plan.steps().size(); i++) {
                RestorePlan.Step step = plan.steps().get(i);
                store.apply(new StateId(step.batch(), step.attempt()), changes.get(i));
            }
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            FileUtil.fullyDelete(dir.toFile());
            throw e;
        }
        if (fallbackReason != null) {
            LOG.warn("FALLBACK: {}", fallbackReason);
        }
        return new Restored(store, plan, manifest, fallbackReason);
    }

    /** SST files come through the local cache (hard-linked); the mutable files are downloaded. */
    private void copySnapshot(String task, SnapshotManifest manifest, Path dir) throws IOException {
        LocalSstCache cache = env.cache(task);
        for (SnapshotManifest.Entry entry : manifest.files()) {
            Path target = dir.resolve(entry.name());
            if (entry.isSst()) {
                Files.createLink(target, cache.get(env.fs(), entry.file()));
            } else {
                FileTransfers.download(env.fs(), entry.file(), target);
            }
        }
    }
}
