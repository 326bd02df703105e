package dev.spindle.state.rocksdb;

import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.changelog.StateChange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Range;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The local RocksDB of one task, always at a committed state: a batch's changes are applied
 * only once its commit names them ({@link #apply}), so rolling back an abandoned attempt costs
 * nothing. The write-ahead log is off; durability is the changelog on HDFS. A store is never
 * trusted across processes: a new process restores from the checkpoint.
 */
public final class TaskStateStore implements AutoCloseable {
    private final String task;
    private final Path dir;
    private final Options options;
    private final BloomFilter bloomFilter;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private volatile StateId stateId;
    private boolean closed;

    private TaskStateStore(String task, Path dir, Options options, BloomFilter bloomFilter, RocksDB db, StateId stateId) {
        this.task = task;
        this.dir = dir;
        this.options = options;
        this.bloomFilter = bloomFilter;
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        this.db = db;
        this.stateId = stateId;
    }

    /**
     * Opens the RocksDB in {@code dir} (creating it when empty) as holding {@code stateId}.
     *
     * @throws IOException naming the task and directory when RocksDB refuses
     */
    public static TaskStateStore open(String task, Path dir, StateId stateId, StateMemory memory) throws IOException {
        Files.createDirectories(dir);
        BloomFilter bloomFilter = new BloomFilter(10);
        Options options = new Options()
                .setCreateIfMissing(true)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                .setMaxOpenFiles(-1)
                // Smaller SST files than RocksDB's 64 MB: finer-grained reuse between snapshots
                // and between a restore and the local cache.
                .setTargetFileSizeBase(16L * 1024 * 1024)
                // Uncompressed SST files, as Kafka Streams keeps them: flushes and compactions
                // cost about a seventh less CPU per record than with Snappy (same-run A/B), for
                // larger local files and snapshot uploads.
                .setCompressionType(CompressionType.NO_COMPRESSION)
                // Most lookups are of keys a batch sees first (new dedup entries, new windows): a
                // bloom filter on the memtable answers "absent" without walking its skip list.
                .setMemtablePrefixBloomSizeRatio(0.1)
                .setMemtableWholeKeyFiltering(true)
                .setWriteBufferManager(memory.writeBuffers())
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(memory.cache())
                        .setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true)
                        .setFilterPolicy(bloomFilter));
        try {
            return new TaskStateStore(task, dir, options, bloomFilter, RocksDB.open(options, dir.toString()), stateId);
        } catch (RocksDBException e) {
            options.close();
            bloomFilter.close();
            throw new IOException("cannot open the RocksDB of task " + task + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    public String task() {
        return task;
    }

    public Path dir() {
        return dir;
    }

    /** The committed state this store holds. */
    public StateId stateId() {
        return stateId;
    }

    /** The value under {@code key}, or null. */
    public byte[] get(byte[] key) throws IOException {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    /** The values under {@code keys} (null where absent), in one batched lookup. */
    public List<byte[]> getAll(List<byte[]> keys) throws IOException {
        if (keys.isEmpty()) {
            return List.of();
        }
        try {
            return db.multiGetAsList(keys);
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    /**
     * The largest key in {@code [from, toExclusive)}, or null when the range holds none. Walks back
     * from the end of the range, over any tombstones there down to {@code from} at most.
     */
    public byte[] lastKey(byte[] from, byte[] toExclusive) throws IOException {
        try (Slice lower = new Slice(from);
                Slice upper = new Slice(toExclusive);
                ReadOptions options = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
                RocksIterator iterator = db.newIterator(options)) {
            iterator.seekToLast();
            if (iterator.isValid()) {
                return iterator.key();
            }
            iterator.status(); // an invalid iterator is an empty range only when its status is OK
            return null;
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    /** Iterates keys in {@code [from, toExclusive)}; null bounds are open. */
    public StateIterator scan(byte[] from, byte[] toExclusive) {
        ReadOptions readOptions = new ReadOptions();
        Slice upper = null;
        if (toExclusive != null) {
            upper = new Slice(toExclusive);
            readOptions.setIterateUpperBound(upper);
        }
        return new StateIterator(db.newIterator(readOptions), readOptions, upper, from);
    }

    /**
     * Moves the store from its state to {@code next} by applying the changes of a committed batch
     * atomically.
     *
     * @throws IllegalStateException when {@code next} is not after the current state
     */
    public void apply(StateId next, ChangeSet changes) throws IOException {
        if (next.batch() <= stateId.batch()) {
            throw new IllegalStateException("task " + task + ": cannot move from state " + stateId + " to " + next);
        }
        write(changes, "apply batch " + next.batch() + " to");
        stateId = next;
    }

    /**
     * Writes changes that leave the store at its state: entries of that state the caller kept in
     * memory since its last write-back, written before a checkpoint or a replay of changelogs,
     * which see RocksDB alone.
     */
    public void writeBack(ChangeSet changes) throws IOException {
        if (!changes.isEmpty()) {
            write(changes, "write back state " + stateId + " to");
        }
    }

    private void write(ChangeSet changes, String what) throws IOException {
        try (WriteBatch batch = new WriteBatch(encode(changes))) {
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure(what, e);
        }
    }

    /** {@link #apply(StateId, ChangeSet)} of changes given as objects. */
    public void apply(StateId next, List<StateChange> changes) throws IOException {
        apply(next, ChangeSet.of(changes));
    }

    /**
     * The changes in RocksDB's serialized write-batch format (a 12-byte header of sequence and
     * count, then per entry a type byte, varint lengths and the bytes), built in Java so that the
     * whole batch crosses into RocksDB in one call instead of one call per entry.
     */
    private static byte[] encode(ChangeSet changes) {
        int[] size = {12};
        changes.forEach((isDelete, bytes, keyOffset, keyLength, valueOffset, valueLength) -> size[0] +=
                1 + varintLength(keyLength) + keyLength + (isDelete ? 0 : varintLength(valueLength) + valueLength));
        ByteBuffer buffer = ByteBuffer.allocate(size[0]).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(0).putInt(changes.size());
        changes.forEach((isDelete, bytes, keyOffset, keyLength, valueOffset, valueLength) -> {
            buffer.put(isDelete ? (byte) 0x0 : (byte) 0x1);
            putVarint(buffer, keyLength);
            buffer.put(bytes, keyOffset, keyLength);
            if (!isDelete) {
                putVarint(buffer, valueLength);
                buffer.put(bytes, valueOffset, valueLength);
            }
        });
        return buffer.array(); // sized exactly: RocksDB reads the whole array as the batch
    }

    private static int varintLength(int value) {
        int length = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            length++;
        }
        return length;
    }

    private static void putVarint(ByteBuffer buffer, int value) {
        while ((value & ~0x7F) != 0) {
            buffer.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    /**
     * Writes a RocksDB checkpoint of the current state into {@code target} (which must not exist):
     * the memtable is flushed and the live files are hard-linked, so this is cheap.
     *
     * @return the names of the files in the checkpoint
     */
    public List<String> checkpoint(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(target.toString());
        } catch (RocksDBException e) {
            throw failure("checkpoint", e);
        }
        List<String> names = new ArrayList<>();
        try (var files = Files.list(target)) {
            files.forEach(file -> names.add(file.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    /** Bytes of the live SST files: the size of the state on disk. */
    public long liveSstBytes() {
        return db.getLiveFilesMetaData().stream().mapToLong(file -> file.size()).sum();
    }

    /**
     * About how many bytes of data RocksDB holds, in its SST files and in its memtables (what
     * WAL-less writes since the last flush hold), estimated over the whole key range: a figure for
     * metrics. Not the memtables' allocated size, which is a whole write buffer even for a few keys.
     */
    public long stateBytes() {
        byte[] last = new byte[256];
        Arrays.fill(last, (byte) 0xff);
        try (Slice from = new Slice(new byte[0]); Slice to = new Slice(last)) {
            return db.getApproximateSizes(List.of(new Range(from, to)), SizeApproximationFlag.INCLUDE_FILES,
                    SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
        }
    }

    /** Closes the database; idempotent. Native handles are released in reverse order of creation. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        db.close();
        writeOptions.close();
        options.close();
        bloomFilter.close();
    }

    private IOException failure(String what, RocksDBException e) {
        return new IOException("RocksDB of task " + task + " in " + dir + " failed to " + what + ": " + e.getMessage(), e);
    }
}
