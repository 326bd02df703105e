package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.junit.jupiter.api.Test;

/** YARN's callbacks never throw into Hadoop's heartbeat thread, and lose no event that comes before the pool exists. */
class YarnCallbacksTest {
    /** Records events; the pure-logic fake of the pool. */
    private static final class RecordingEvents implements YarnCallbacks.ContainerEvents {
        final List<String> seen = new ArrayList<>();
        boolean fail;

        @Override
        public void allocated(List<Container> containers) {
            if (fail) {
                throw new IllegalStateException("broken pool");
            }
            seen.add("allocated " + containers.size());
        }

        @Override
        public void completed(List<ContainerStatus> statuses) {
            seen.add("completed " + statuses.size());
        }

        @Override
        public void startFailed(ContainerId id, String cause) {
            seen.add("start failed: " + cause);
        }
    }

    @Test
    void eventsBeforeThePoolIsBoundAreHandedToItInOrder() {
        YarnCallbacks callbacks = new YarnCallbacks(Thread.currentThread());
        callbacks.onContainersCompleted(List.of());
        callbacks.onContainersAllocated(List.of());
        RecordingEvents pool = new RecordingEvents();
        callbacks.bind(pool);
        callbacks.onStartContainerError(null, new RuntimeException("no disk"));
        assertEquals(List.of("completed 0", "allocated 0", "start failed: no disk"), pool.seen);
        assertTrue(callbacks.fatal().isEmpty());
    }

    @Test
    void aFailingCallbackIsRecordedAndInterruptsTheMainThreadInsteadOfThrowing() {
        YarnCallbacks callbacks = new YarnCallbacks(Thread.currentThread());
        RecordingEvents pool = new RecordingEvents();
        pool.fail = true;
        callbacks.bind(pool);
        callbacks.onContainersAllocated(List.of()); // must not throw
        assertTrue(Thread.interrupted(), "the main thread was interrupted");
        assertEquals("the ApplicationMaster failed to handle allocated containers: java.lang.IllegalStateException: "
                + "broken pool", callbacks.fatal().orElseThrow().reason());
        assertFalse(callbacks.fatal().orElseThrow().shutdownRequested());
    }

    @Test
    void aShutdownRequestEndsTheAttemptWithItsReason() {
        YarnCallbacks callbacks = new YarnCallbacks(Thread.currentThread());
        callbacks.onShutdownRequest();
        assertTrue(Thread.interrupted());
        assertTrue(callbacks.fatal().orElseThrow().shutdownRequested());
        callbacks.onError(new RuntimeException("later")); // the first reason stands
        assertEquals("the ResourceManager asked this ApplicationMaster to shut down", callbacks.fatal().orElseThrow().reason());
        assertFalse(Thread.interrupted(), "interrupted once");
    }
}
