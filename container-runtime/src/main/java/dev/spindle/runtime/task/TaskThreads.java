package dev.spindle.runtime.task;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A thread per task, made on first use and kept, so a task runs one thing at a time and its state
 * stays warm; local mode and an executor container both run their tasks this way. A thread per
 * task, not per core: a task that waits for Kafka or for a sync leaves the core to another.
 */
public final class TaskThreads {
    private final Map<String, ExecutorService> threads = new HashMap<>();

    /** The thread of {@code task}, named {@code spindle-task-<task>}. */
    public synchronized ExecutorService of(String task) {
        return threads.computeIfAbsent(task, t -> Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spindle-task-" + t);
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Interrupts every task thread and stops taking work. */
    public synchronized void shutdownNow() {
        threads.values().forEach(ExecutorService::shutdownNow);
    }

    /** Waits up to {@code limit} per thread for the threads to end, after {@link #shutdownNow}. */
    public void awaitTermination(Duration limit) throws InterruptedException {
        Iterable<ExecutorService> all;
        synchronized (this) {
            all = List.copyOf(threads.values());
        }
        for (ExecutorService thread : all) {
            thread.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
