package dev.spindle.embedded;

import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Prints the progress of a job running on the cluster, read from its checkpoint: a line per
 * committed batch (batch, records and their fates, records per second, lag, watermark). On a
 * terminal ({@code spindle.console.live}, set by the sbin/ scripts when stderr is one) the line is
 * rewritten in place instead.
 */
final class ProgressPrinter implements AutoCloseable {
    static final String LIVE_PROPERTY = "spindle.console.live";

    private final boolean live;
    private final PrintStream err;
    private final Thread thread;
    /** Set by {@link #close}: print what is committed, then stop. */
    private volatile boolean ending;

    private ProgressPrinter(FileSystem fs, Path checkpoint, boolean live, PrintStream err) {
        this.live = live;
        this.err = err;
        this.thread = new Thread(() -> follow(fs, checkpoint), "spindle-local-progress");
        thread.setDaemon(true);
    }

    static ProgressPrinter start(FileSystem fs, Path checkpoint, PrintStream err) {
        ProgressPrinter printer = new ProgressPrinter(fs, checkpoint, Boolean.getBoolean(LIVE_PROPERTY), err);
        printer.thread.start();
        return printer;
    }

    private void follow(FileSystem fs, Path checkpoint) {
        long next = 0;
        long previousCommitMillis = -1;
        try (Checkpoint reader = Checkpoint.openForReading(
                URI.create(fs.getUri() + checkpoint.toUri().getPath()), new Configuration(fs.getConf()))) {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<BatchCommit> commit = reader.commits().get(next);
                if (commit.isEmpty()) {
                    if (ending) {
                        return; // every batch committed before the end is printed
                    }
                    Thread.sleep(200);
                    continue;
                }
                long batch = next;
                Optional<PlannedBatch> plan = reader.offsets().get(batch)
                        .map(stored -> PlannedBatch.fromJson(batch, stored.planJson()));
                String line = line(batch, commit.get(), plan.orElse(null), previousCommitMillis);
                if (live) {
                    err.print("\r\033[K" + line);
                    err.flush();
                } else {
                    err.println(line);
                }
                previousCommitMillis = commit.get().committedAtMillis();
                next++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            err.println((live ? "\n" : "") + "spindle-local: progress stopped: " + e.getMessage());
        }
    }

    static String line(long batch, BatchCommit commit, PlannedBatch plan, long previousCommitMillis) {
        Map<String, String> p = commit.properties();
        StringBuilder line = new StringBuilder(String.format("batch %d: %s records, %s malformed, %s late, %s duplicate, %s rows",
                batch, p.get("records_in"), p.get("records_malformed"), p.get("records_late"),
                p.get("records_duplicate"), p.get("rows_out")));
        if (previousCommitMillis >= 0) {
            long records = Long.parseLong(p.getOrDefault("records_in", "0"));
            line.append(String.format(", %d records/s",
                    records * 1000 / Math.max(1, commit.committedAtMillis() - previousCommitMillis)));
        }
        if (plan != null) {
            long lag = 0;
            for (Map.Entry<Integer, Long> target : plan.targets().entrySet()) {
                lag += target.getValue() - plan.ends().getOrDefault(target.getKey(), target.getValue());
            }
            line.append(", lag ").append(lag);
            if (plan.watermark() != null) {
                line.append(", watermark ").append(Instant.ofEpochMilli(plan.watermark()));
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws InterruptedException {
        ending = true;
        thread.join(5_000);
        thread.interrupt();
        thread.join(1_000);
        if (live) {
            err.println();
        }
    }
}
