package dev.spindle.api;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How values cross a shuffle: written by the task that produced them, read by the task of their
 * key in the next stage, and kept in the checkpoint while a retained commit needs them. A value
 * read back must equal the value written for everything the job reads of it; replay (the same
 * records in the same order) relies on {@code write} depending on the value alone.
 */
public interface Codec<T> {
    void write(T value, DataOutput out) throws IOException;

    T read(DataInput in) throws IOException;
}
