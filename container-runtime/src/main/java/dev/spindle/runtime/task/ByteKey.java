package dev.spindle.runtime.task;

import java.util.Arrays;

/** A byte array as a hash key: equal when the bytes are. */
record ByteKey(byte[] bytes, int hash) {
    ByteKey(byte[] bytes) {
        this(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteKey key && key.hash == hash && Arrays.equals(key.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
