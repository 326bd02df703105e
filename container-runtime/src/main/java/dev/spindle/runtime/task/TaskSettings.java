package dev.spindle.runtime.task;

import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.source.OnDataLoss;
import dev.spindle.runtime.table.TableCache;
import dev.spindle.state.StateOptions;
import java.util.function.Function;

/**
 * What the tasks of one executor (or of a local run) run with.
 *
 * @param snapshotEveryBatches {@link StateOptions#SNAPSHOT_EVERY_BATCHES}
 * @param indexMemory the heap budget the executor's tasks share for their in-memory state
 * @param onDataLoss what a task does when offsets of its range are gone from Kafka
 * @param tables the static tables' rows, shared by the executor's tasks
 * @param shuffleReplication {@link StateOptions#SHUFFLE_REPLICATION}
 */
public record TaskSettings(int snapshotEveryBatches, IndexMemory indexMemory, OnDataLoss onDataLoss, TableCache tables,
        short shuffleReplication) {

    /** Settings whose shuffle files get the file system's default replication. */
    public TaskSettings(int snapshotEveryBatches, IndexMemory indexMemory, OnDataLoss onDataLoss, TableCache tables) {
        this(snapshotEveryBatches, indexMemory, onDataLoss, tables, (short) 0);
    }

    /** The settings in {@code conf}, with one new index-memory budget and table cache for the executor. */
    public static TaskSettings read(Function<String, String> conf) {
        return new TaskSettings(StateOptions.SNAPSHOT_EVERY_BATCHES.read(conf),
                new IndexMemory(EngineOptions.INDEX_MEMORY_BYTES.read(conf)), EngineOptions.ON_DATA_LOSS.read(conf),
                new TableCache(), StateOptions.SHUFFLE_REPLICATION.read(conf).shortValue());
    }
}
