package dev.spindle.appmaster;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster's one deciding thread, as Flink's YARN driver has its main-thread
 * executor: YARN's callbacks, ZooKeeper's watches, the HTTP server and timers only enqueue events
 * here, and this thread alone owns what they decide about: the executor containers
 * ({@link ExecutorPool}), the sweep of silent ones ({@link ExecutorSweeper}), and the batch in
 * flight on the executors — its placement, reports and reassignments ({@link ZkExecutors}). The
 * batch driver's thread hands work to it and waits for the answer.
 */
final class AmLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmLoop.class);

    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ScheduledExecutorService timer;

    AmLoop() {
        this.thread = new Thread(this::loop, "spindle-am-loop");
        this.thread.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread ticks = new Thread(runnable, "spindle-am-timer");
            ticks.setDaemon(true);
            return ticks;
        });
        this.thread.start();
    }

    /** Runs {@code event} on the loop, after the events before it. */
    void execute(Runnable event) {
        events.add(event);
    }

    /** Runs {@code work} on the loop; its result, or what it threw, completes the future. */
    <T> CompletableFuture<T> call(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Enqueues {@code event} every {@code period} (the timer thread only enqueues), unless the
     * last one has not run yet: a loop held up (a ZooKeeper call retrying) finds one, not hundreds.
     */
    void every(Duration period, Runnable event) {
        AtomicBoolean queued = new AtomicBoolean();
        timer.scheduleWithFixedDelay(() -> {
            if (queued.compareAndSet(false, true)) {
                execute(() -> {
                    queued.set(false);
                    event.run();
                });
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True on the loop's thread: what only it may touch can be checked for. */
    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    private void loop() {
        while (true) {
            try {
                events.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("ApplicationMaster event failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        thread.interrupt();
    }
}
