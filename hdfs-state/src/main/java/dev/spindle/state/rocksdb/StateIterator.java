package dev.spindle.state.rocksdb;

import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/** Keys and values of a store in key order within a range. Close it; it holds native resources. */
public final class StateIterator implements AutoCloseable {
    private final RocksIterator iterator;
    private final ReadOptions options;
    private final Slice upperBound;

    StateIterator(RocksIterator iterator, ReadOptions options, Slice upperBound, byte[] from) {
        this.iterator = iterator;
        this.options = options;
        this.upperBound = upperBound;
        if (from == null) {
            iterator.seekToFirst();
        } else {
            iterator.seek(from);
        }
    }

    public boolean isValid() {
        return iterator.isValid();
    }

    public byte[] key() {
        return iterator.key();
    }

    public byte[] value() {
        return iterator.value();
    }

    public void next() {
        iterator.next();
    }

    /** True when the current key starts with {@code prefix}. */
    public boolean keyStartsWith(byte[] prefix) {
        byte[] key = iterator.key();
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        iterator.close();
        options.close();
        if (upperBound != null) {
            upperBound.close();
        }
    }
}
