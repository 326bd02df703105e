package dev.spindle.runtime.sink;

import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.Frame;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.TaskCommit;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Publishes a committed batch (roll forward): every staged file its commit names is checked
 * against the length and CRC32C the commit recorded, then gets its final name, without
 * overwriting; a final file already present with the recorded length and checksum
 * is one an earlier, interrupted publish moved, and is skipped. Output for Kafka goes through
 * {@link KafkaSink}, one transaction per task, confirmed in Kafka itself. Then
 * {@code sinks/published/<b>} records that the batch is done. Idempotent: safe to run again after
 * a crash at any point. Staged and final files on one file system are renamed; across file
 * systems they are copied to a temporary name beside the final one, then renamed.
 */
public final class Publisher {
    private final Checkpoint checkpoint;
    private final Configuration conf;
    private final KafkaSink kafka;

    /** A publisher of file output only. */
    public Publisher(Checkpoint checkpoint, Configuration conf) {
        this(checkpoint, conf, null);
    }

    /** @param kafka the sink for outputs named {@code kafka:TOPIC}; null when the job writes files */
    public Publisher(Checkpoint checkpoint, Configuration conf, KafkaSink kafka) {
        this.checkpoint = checkpoint;
        this.conf = CheckpointFs.withRawLocalFiles(conf);
        this.kafka = kafka;
    }

    public boolean isPublished(long batch) throws IOException {
        return checkpoint.fs().exists(CheckpointLayout.published(batch));
    }

    /** @throws IOException naming the file when a final name is taken by other bytes, or a staged file is lost */
    public void publish(BatchCommit commit) throws IOException {
        if (isPublished(commit.batch())) {
            return;
        }
        int files = 0;
        PlannedBatch plan = null; // read only for Kafka output: it gives the confirmations' offsets
        Map<String, KafkaSink.TaskOutput> toKafka = new TreeMap<>();
        for (Map.Entry<String, TaskCommit> task : commit.tasks().entrySet()) {
            List<OutputFile> kafkaFiles = new ArrayList<>();
            for (OutputFile output : task.getValue().outputs()) {
                if (OutputLocation.isKafka(output.finalPath())) {
                    kafkaFiles.add(output);
                    continue;
                }
                publish(commit.batch(), output);
                files++;
                CrashPoints.reached(CrashPoints.MID_PUBLISH, commit.batch());
            }
            if (!kafkaFiles.isEmpty()) {
                plan = plan != null ? plan : PlannedBatch.fromJson(commit.batch(), checkpoint.offsets()
                        .get(commit.batch()).orElseThrow(() -> new IOException("offsets/" + commit.batch() + " is missing"))
                        .planJson());
                int partition = TaskNames.partitionOf(task.getKey());
                toKafka.put(task.getKey(), new KafkaSink.TaskOutput(partition, plan.ends().get(partition), kafkaFiles));
                files += kafkaFiles.size();
            }
        }
        if (!toKafka.isEmpty()) {
            if (kafka == null) {
                throw new IOException("cannot publish batch " + commit.batch()
                        + ": its output goes to Kafka, and this run has no Kafka sink");
            }
            kafka.publish(checkpoint.fs(), commit.batch(), toKafka);
        }
        var marker = Json.object();
        marker.put("batch", commit.batch());
        marker.put("files", files);
        checkpoint.fs().createAtomically(CheckpointLayout.published(commit.batch()), Frame.encode("published",
                Json.bytes(marker)));
    }

    private void publish(long batch, OutputFile output) throws IOException {
        Path target = new Path(output.finalPath());
        FileSystem targetFs = target.getFileSystem(conf);
        FileStatus existing = status(targetFs, target);
        if (existing != null) {
            if (existing.getLen() == output.length() && crc32c(targetFs, target) == output.crc32c()) {
                return; // moved by an earlier publish of this commit
            }
            throw new IOException("cannot publish batch " + batch + ": " + target + " exists with other bytes than"
                    + " the " + output.length() + " this batch wrote; an output directory is never overwritten");
        }
        Path staged = checkpoint.fs().resolve(output.staged());
        if (!checkpoint.fs().exists(output.staged())) {
            throw new IOException("cannot publish batch " + batch + ": staged file " + output.staged() + " is lost");
        }
        targetFs.mkdirs(target.getParent());
        FileSystem stagingFs = checkpoint.fs().fileSystem();
        if (sameFileSystem(stagingFs, targetFs)) {
            copyChecked(stagingFs, staged, output, OutputStream.nullOutputStream()); // what is renamed is what was committed
            renameNoOverwrite(staged, target);
            return;
        }
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = targetFs.create(temp, false)) {
                copyChecked(stagingFs, staged, output, out);
            }
            renameNoOverwrite(temp, target);
        } catch (IOException e) {
            targetFs.delete(temp, false);
            throw e;
        }
    }

    /** Copies a staged file to {@code out}, then checks its length and CRC32C against the commit. */
    private static void copyChecked(FileSystem fs, Path staged, OutputFile output, OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        long length;
        try (InputStream in = new CheckedInputStream(fs.open(staged), crc)) {
            length = in.transferTo(out);
        }
        StagedOutput.checkMatchesCommit(output, length, crc.getValue());
    }

    private static long crc32c(FileSystem fs, Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = new CheckedInputStream(fs.open(file), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return crc.getValue();
    }

    private void renameNoOverwrite(Path source, Path target) throws IOException {
        FileContext.getFileContext(target.toUri(), conf).rename(source, target, Options.Rename.NONE);
    }

    private static boolean sameFileSystem(FileSystem a, FileSystem b) {
        return a.getUri().equals(b.getUri());
    }

    private static FileStatus status(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        }
    }
}
