package dev.spindle.state.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.Checkpoint;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process that follows a log for months (an executor never runs GC) keeps a bounded number of its entries. */
class LogCacheTest {
    @TempDir
    Path dir;

    @Test
    void aReaderOfThousandsOfEntriesKeepsOnlyTheNewestInMemory() throws Exception {
        int entries = WriteOnceLog.CACHED_ENTRIES + 64;
        try (Checkpoint writer = Checkpoint.open(dir.toUri(), new Configuration());
                Checkpoint reader = Checkpoint.openForReading(dir.toUri(), new Configuration())) {
            for (int batch = 0; batch < entries; batch++) {
                writer.offsets().add(new BatchPlan(batch, 1, "{\"b\":" + batch + "}"));
                assertEquals("{\"b\":" + batch + "}", reader.offsets().get(batch).orElseThrow().planJson());
            }
            assertTrue(writer.offsets().cachedEntries() <= WriteOnceLog.CACHED_ENTRIES, "writer");
            assertEquals(WriteOnceLog.CACHED_ENTRIES, reader.offsets().cachedEntries(), "reader");
            assertEquals("{\"b\":0}", reader.offsets().get(0).orElseThrow().planJson(), "an evicted entry is read again");
        }
    }
}
