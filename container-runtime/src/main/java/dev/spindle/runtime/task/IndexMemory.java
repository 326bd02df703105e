package dev.spindle.runtime.task;

import dev.spindle.runtime.EngineOptions;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap one executor's tasks may take for the state they keep in memory: committed
 * deduplication entries ({@link DedupIndex}) and open windows ({@link WindowIndex}). State that
 * outgrows the executor fails its job with a one-line error naming the setting instead of an
 * {@code OutOfMemoryError}. Shared by the executor's tasks; thread-safe.
 */
public final class IndexMemory {
    private final long limitBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    /** @param limitBytes {@link EngineOptions#INDEX_MEMORY_BYTES} */
    public IndexMemory(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** A task's indexes grew or shrank by {@code deltaBytes}. */
    void changed(long deltaBytes) {
        usedBytes.addAndGet(deltaBytes);
    }

    /** @throws IOException naming the setting when the executor's tasks hold more than the limit */
    void check(String task) throws IOException {
        long used = usedBytes.get();
        if (used > limitBytes) {
            throw new IOException("task " + task + ": the deduplication entries and open windows of this executor's tasks take about "
                    + mb(used) + " MB of heap, over " + EngineOptions.INDEX_MEMORY_BYTES.name() + " (" + mb(limitBytes)
                    + " MB); raise it and the executor heap (spindle.yarn.executor.memory-mb), or shorten the"
                    + " deduplication TTL or the watermark delay");
        }
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
