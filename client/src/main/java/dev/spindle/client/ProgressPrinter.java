package dev.spindle.client;

import java.io.PrintStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Prints a line per committed batch while a job runs on the cluster, read from its checkpoint. */
final class ProgressPrinter implements AutoCloseable {
    private final Thread thread;

    private ProgressPrinter(Thread thread) {
        this.thread = thread;
    }

    static ProgressPrinter start(FileSystem fs, Path checkpoint, PrintStream err) {
        Thread thread = new Thread(() -> {
            long next = 0;
            try (dev.spindle.state.Checkpoint reader = dev.spindle.state.Checkpoint.openForReading(
                    URI.create(fs.getUri() + checkpoint.toUri().getPath()), new Configuration(fs.getConf()))) {
                while (!Thread.currentThread().isInterrupted()) {
                    var commit = reader.commits().get(next);
                    if (commit.isPresent()) {
                        var p = commit.get().properties();
                        err.printf("batch %d: %s records, %s malformed, %s late, %s duplicate, %s rows%n", next,
                                p.get("records_in"), p.get("records_malformed"), p.get("records_late"),
                                p.get("records_duplicate"), p.get("rows_out"));
                        next++;
                    } else {
                        Thread.sleep(200);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                err.println("spindle-local: progress stopped: " + e.getMessage());
            }
        }, "spindle-local-progress");
        thread.setDaemon(true);
        thread.start();
        return new ProgressPrinter(thread);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5_000);
    }
}
