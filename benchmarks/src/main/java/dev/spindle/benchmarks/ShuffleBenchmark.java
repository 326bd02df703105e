package dev.spindle.benchmarks;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.shuffle.ShuffleReader;
import dev.spindle.state.shuffle.ShuffleWriter;
import dev.spindle.testkit.SpindleTestCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;

/**
 * What a shuffle costs per batch where its files could live: the checkpoint's file system on HDFS
 * (a MiniDFSCluster on this machine, one datanode, replication 1) against the local disk, measured
 * in the same run. One batch: 4 upstream tasks each write one shuffle file of a quarter of the
 * batch's records (spread over 4 downstream partitions, as a hash spreads them), then 4 downstream
 * tasks each read their block of all 4 files. Records are a 6-byte key and a 110-byte value, the
 * size of an encoded click. Prints per target the write and read time per batch and per record.
 *
 * <p>Args (optional): records per batch (100000), batches (20). Run with {@code benchmarks/run shuffle}.
 */
public final class ShuffleBenchmark {
    private static final int TASKS = 4;

    private ShuffleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perBatch = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path local = Files.createTempDirectory("spindle-shuffle-benchmark-");
        try (SpindleTestCluster cluster = SpindleTestCluster.builder().nodeManagers(0).kafka(false).start()) {
            System.out.printf("shuffle benchmark: %,d records per batch, %d upstream x %d downstream tasks, %d batches%n",
                    perBatch, TASKS, TASKS, batches);
            CheckpointFs disk = CheckpointFs.open(local.toUri(), new Configuration());
            CheckpointFs hdfs = CheckpointFs.open(URI.create(cluster.fileSystem().getUri() + "/benchmark/shuffle"),
                    cluster.configuration());
            for (int round = 0; round < 2; round++) { // the first round warms both up and is not a figure
                double[] onDisk = run(disk, perBatch, batches, "round" + round);
                double[] onHdfs = run(hdfs, perBatch, batches, "round" + round);
                if (round == 1) {
                    print("local disk", onDisk, perBatch);
                    print("HDFS (MiniDFSCluster, replication 1)", onHdfs, perBatch);
                    System.out.printf("HDFS / local disk: write %.2fx, read %.2fx, together %.2fx%n", onHdfs[0] / onDisk[0],
                            onHdfs[1] / onDisk[1], (onHdfs[0] + onHdfs[1]) / (onDisk[0] + onDisk[1]));
                }
            }
        } finally {
            FileUtil.fullyDelete(local.toFile());
        }
    }

    private static void print(String target, double[] millis, int perBatch) {
        System.out.printf("%-38s write %6.1f ms, read %6.1f ms per batch (%.2f + %.2f us per record)%n", target,
                millis[0], millis[1], millis[0] * 1000 / perBatch, millis[1] * 1000 / perBatch);
    }

    /** @return mean write and read milliseconds per batch */
    private static double[] run(CheckpointFs fs, int perBatch, int batches, String name) throws Exception {
        Random random = new Random(42);
        byte[] value = new byte[110];
        long writeNanos = 0;
        long readNanos = 0;
        for (int b = 0; b < batches; b++) {
            fs.fileSystem().mkdirs(fs.resolve(name + "/" + b));
            long begin = System.nanoTime();
            List<FileRef> files = new ArrayList<>();
            for (int task = 0; task < TASKS; task++) {
                ShuffleWriter writer = new ShuffleWriter(TASKS);
                for (int i = 0; i < perBatch / TASKS; i++) {
                    random.nextBytes(value);
                    byte[] key = ("u" + random.nextInt(100_000)).getBytes();
                    writer.add(Math.floorMod(java.util.Arrays.hashCode(key), TASKS), key, value);
                }
                files.add(writer.write(fs, name + "/" + b + "/s0-p" + task + ".data"));
            }
            long written = System.nanoTime();
            long[] read = new long[1];
            for (int partition = 0; partition < TASKS; partition++) {
                for (FileRef file : files) {
                    read[0] += ShuffleReader.read(fs, file, partition, (k, v) -> { });
                }
            }
            if (read[0] != (long) perBatch / TASKS * TASKS) {
                throw new IllegalStateException("read " + read[0] + " records, wrote " + perBatch);
            }
            readNanos += System.nanoTime() - written;
            writeNanos += written - begin;
            fs.delete(name + "/" + b, true);
        }
        return new double[] {writeNanos / 1e6 / batches, readNanos / 1e6 / batches};
    }
}
