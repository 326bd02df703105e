package dev.spindle.state.rocksdb;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The native memory all RocksDB instances of one executor share: one block cache (index and
 * filter blocks charged to it) and one write buffer manager charged to the same cache, so the
 * executor's RocksDB memory stays within {@code bytes} and YARN never kills it for native memory.
 */
public final class StateMemory implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final long bytes;
    private final Cache cache;
    private final WriteBufferManager writeBuffers;

    public StateMemory(long bytes) {
        this.bytes = bytes;
        this.cache = new LRUCache(bytes);
        this.writeBuffers = new WriteBufferManager(bytes / 3, cache);
    }

    public long bytes() {
        return bytes;
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBuffers() {
        return writeBuffers;
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }
}
