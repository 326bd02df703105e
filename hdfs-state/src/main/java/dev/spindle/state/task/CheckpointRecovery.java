package dev.spindle.state.task;

import dev.spindle.state.log.CommitHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores all tasks of a job to one common commit: the target, or, when files some task needs
 * are damaged, the newest commit before it at which every task verifies. The batches after that
 * commit are then re-executed (state only: their output is published), which the caller does.
 */
public final class CheckpointRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRecovery.class);

    private CheckpointRecovery() {}

    /** The states, all at {@code batch}, and the reasons it is older than the target (empty when it is not). */
    public record Recovered(long batch, Map<String, TaskState> states, List<String> fallbacks) {
        public boolean fellBack() {
            return !fallbacks.isEmpty();
        }
    }

    public static Recovered restoreAll(StateEnvironment env, Collection<String> tasks, long target, CommitHistory commits)
            throws IOException {
        Map<String, TaskState> states = new TreeMap<>();
        List<String> fallbacks = new ArrayList<>();
        try {
            long common = target;
            for (String task : tasks) {
                TaskState state = TaskState.restore(env, task, target, commits);
                states.put(task, state);
                if (state.fallbackReason() != null) {
                    fallbacks.add(state.fallbackReason());
                }
                common = Math.min(common, state.stateId().batch());
            }
            for (String task : tasks) {
                if (states.get(task).stateId().batch() > common) {
                    states.remove(task).close();
                    states.put(task, TaskState.restore(env, task, common, commits)); // SSTs come from the local cache
                }
            }
            if (common < target) {
                LOG.warn("FALLBACK: restored all tasks to commit {} instead of {}: {}", common, target,
                        String.join("; ", fallbacks));
            }
            return new Recovered(common, states, fallbacks);
        } catch (IOException | RuntimeException e) {
            states.values().forEach(TaskState::close);
            throw e;
        }
    }
}
