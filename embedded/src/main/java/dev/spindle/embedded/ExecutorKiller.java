package dev.spindle.embedded;

import dev.spindle.testkit.ContainerProcess;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * Kills executors while a job runs on the embedded stack: when the plan of every K-th batch
 * appears ({@code offsets/<b>}), it waits a seeded random 0–1.5 s — so the kill lands while the
 * batch executes, persists or commits — and SIGKILLs one executor container chosen with the same
 * seed.
 */
final class ExecutorKiller implements AutoCloseable {
    private final Thread thread;

    private ExecutorKiller(Thread thread) {
        this.thread = thread;
    }

    static ExecutorKiller start(SpindleTestCluster cluster, ApplicationId app, Path checkpoint, int every, long seed,
            PrintStream err) {
        Random random = new Random(seed);
        FileSystem fs = cluster.fileSystem();
        Thread thread = new Thread(() -> {
            long batch = every - 1;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (!fs.exists(new Path(checkpoint, "offsets/" + batch))) {
                        Thread.sleep(50);
                        continue;
                    }
                    Thread.sleep(random.nextInt(1500));
                    List<ContainerProcess> executors = cluster.containerProcesses(app).stream()
                            .filter(process -> !process.isApplicationMaster()).toList();
                    if (!executors.isEmpty()) {
                        ContainerProcess victim = executors.get(random.nextInt(executors.size()));
                        victim.kill();
                        err.println("spindle-local: killed executor " + victim.containerId() + " during batch " + batch);
                    }
                    batch += every;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                err.println("spindle-local: executor killer stopped: " + e.getMessage());
            }
        }, "spindle-local-killer");
        thread.setDaemon(true);
        thread.start();
        return new ExecutorKiller(thread);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5_000);
    }
}
