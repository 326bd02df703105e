package dev.spindle.appmaster;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops executor containers that YARN runs but that do no work: a container whose executor has no
 * znode holds a slot, so it is stopped and the pool starts a replacement. A new container gets
 * {@code spindle.executor.start-timeout} to announce itself (localizing jars and starting a JVM is
 * slow on a busy node); one that was announced and lost its znode (its session expired while the
 * process hangs) gets {@code spindle.task.timeout}. Checked every second, between batches too, on
 * the AM's loop, which alone owns the state below.
 */
final class ExecutorSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSweeper.class);

    private final ExecutorZnodes executorZnodes;
    private final Leadership leadership;
    private final ExecutorPool pool;
    private final Duration taskTimeout;
    private final Duration startTimeout;
    private final Clock clock;
    /** Running containers whose executor has no znode, and since when. */
    private final Map<String, Long> unannouncedSince = new HashMap<>();
    /** Running containers whose executor has had a znode at some time. */
    private final Set<String> everAnnounced = new HashSet<>();

    ExecutorSweeper(AmLoop loop, ExecutorZnodes executorZnodes, Leadership leadership, ExecutorPool pool,
            Duration taskTimeout, Duration startTimeout, Clock clock) {
        this.executorZnodes = executorZnodes;
        this.leadership = leadership;
        this.pool = pool;
        this.taskTimeout = taskTimeout;
        this.startTimeout = startTimeout;
        this.clock = clock;
        loop.every(Duration.ofSeconds(1), () -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("Executor sweep failed: {}", e.toString()); // the next one retries
            }
        });
    }

    private void sweep() {
        if (!leadership.isLeader()) {
            return;
        }
        long now = clock.millis();
        List<String> announced;
        try {
            announced = executorZnodes.announced(null);
        } catch (IOException e) {
            return; // ZooKeeper trouble: the leadership check decides what happens
        }
        Set<String> live = pool.live();
        unannouncedSince.keySet().retainAll(live);
        everAnnounced.retainAll(live);
        for (String id : live) {
            if (announced.contains(id)) {
                unannouncedSince.remove(id);
                everAnnounced.add(id);
                continue;
            }
            long since = unannouncedSince.computeIfAbsent(id, k -> now);
            boolean lost = everAnnounced.contains(id);
            Duration limit = lost ? taskTimeout : startTimeout;
            if (now - since > limit.toMillis()) {
                pool.stop(id, (lost ? "executor znode gone for " : "no executor znode within ")
                        + limit.toSeconds() + " s");
                unannouncedSince.remove(id);
            }
        }
    }
}
