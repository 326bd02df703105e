package dev.spindle.state.testing;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.task.StateEnvironment;
import dev.spindle.state.task.TaskState;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * A separate executor process for tests: restores a task at the newest commit, starts a
 * bandwidth-limited snapshot upload, prints {@code UPLOADING} and waits to be killed.
 * Args: hadoop-conf-dir checkpoint-uri local-dir task bytes-per-second.
 */
public final class SnapshotUploadChild {
    private SnapshotUploadChild() {}

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        for (String file : new String[] {"core-site.xml", "hdfs-site.xml"}) {
            conf.addResource(new org.apache.hadoop.fs.Path(Path.of(args[0], file).toUri()));
        }
        Checkpoint checkpoint = Checkpoint.open(URI.create(args[1]), conf);
        StateMemory memory = new StateMemory(16L * 1024 * 1024);
        StateEnvironment env = new StateEnvironment(checkpoint.fs(), Path.of(args[2]), memory, Long.parseLong(args[4]));
        long latest = checkpoint.commits().latestBatch().getAsLong();
        TaskState state = TaskState.restore(env, args[3], latest, checkpoint.commits());
        state.startSnapshot("7-7");
        System.out.println("UPLOADING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
