package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The AM's loop: one thread, in order, never stopped by a failing event, periodic events coalesced. */
class AmLoopTest {
    @Test
    void eventsRunInOrderOnTheLoopThreadAndAFailureStopsNothing() throws Exception {
        try (AmLoop loop = new AmLoop()) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.execute(() -> order.add(n));
            }
            loop.execute(() -> {
                throw new IllegalStateException("a broken event");
            });
            assertTrue(loop.call(loop::isLoopThread).get());
            assertEquals(100, loop.call(order::size).get());
            for (int i = 0; i < 100; i++) {
                assertEquals(i, order.get(i));
            }
            ExecutionException failed = assertThrows(ExecutionException.class, () -> loop.call(() -> {
                throw new java.io.IOException("no");
            }).get());
            assertEquals("no", failed.getCause().getMessage());
        }
    }

    @Test
    void aPeriodicEventIsQueuedOnceWhileTheLoopIsBusy() throws Exception {
        try (AmLoop loop = new AmLoop()) {
            AtomicInteger ticks = new AtomicInteger();
            CountDownLatch busy = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    busy.await(5, TimeUnit.SECONDS); // the loop is held up, as by a ZooKeeper call retrying
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.every(Duration.ofMillis(10), ticks::incrementAndGet);
            Thread.sleep(500); // fifty periods pass while the loop is held up
            var count = loop.call(ticks::get); // queued behind the one tick
            busy.countDown();
            assertEquals(1, count.get(), "one tick queued, not fifty");
        }
    }
}
