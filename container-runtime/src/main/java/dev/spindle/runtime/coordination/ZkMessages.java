package dev.spindle.runtime.coordination;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The small JSON documents a job keeps in its znodes ({@link JobZnodes}), as typed records written
 * and read with Jackson: never built by concatenation or read with patterns. Unknown fields are
 * ignored, so a newer writer's extra field does not break an older reader.
 */
public final class ZkMessages {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ZkMessages() {}

    /** {@code run}: whether the job runs, and the epoch of the leader that wrote it. */
    public record RunStatus(String status, long epoch) {
        public static final String RUNNING = "RUNNING";
        public static final String FINISHED = "FINISHED";
        public static final String FAILED = "FAILED";

        public boolean isRunning() {
            return RUNNING.equals(status);
        }
    }

    /** {@code stop}: {@code spindle stop} asked this YARN application to stop after its batch. */
    public record StopRequest(String application) {}

    /** {@code batches/<b>/commit}: {@code commits/<b>} exists, written by the leader of {@code epoch}. */
    public record CommitNotice(long epoch) {}

    /**
     * {@code executors/<id>}: a live executor, where it runs, the tasks it holds, and per task the
     * batch of the committed state it is at (a new leader places tasks where their state is newest).
     */
    public record ExecutorAnnouncement(String host, long pid, List<String> tasks, SortedMap<String, Long> state) {
        public ExecutorAnnouncement {
            tasks = List.copyOf(tasks);
            state = new TreeMap<>(state == null ? Map.of() : state);
        }
    }

    public static byte[] toBytes(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + message, e);
        }
    }

    /** @throws IOException naming the znode when its data is not the message expected */
    public static <T> T fromBytes(byte[] data, Class<T> type, String znode) throws IOException {
        try {
            return JSON.readValue(data, type);
        } catch (IOException e) {
            throw new IOException("znode " + znode + " does not hold a " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
