package dev.spindle.state.shuffle;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.FileRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * Collects what one attempt of an upstream task sends to each partition of the next stage, then
 * writes it as one shuffle file ({@link ShuffleFormat}): the blocks of partitions 0..n−1 in order,
 * each record in the order it was added, then the footer. The file is created without overwrite
 * at its attempt-unique path and {@code hsync}ed; it is inert until a commit names it.
 */
public final class ShuffleWriter {
    private final ByteArrayOutputStream[] blocks;
    private final int[] records;

    public ShuffleWriter(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a shuffle has at least one partition, got " + partitions);
        }
        blocks = new ByteArrayOutputStream[partitions];
        records = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            blocks[p] = new ByteArrayOutputStream();
        }
    }

    /** Appends a record (key and value bytes, both copied) to {@code partition}'s block. */
    public void add(int partition, byte[] key, byte[] value) {
        ByteArrayOutputStream block = blocks[partition];
        writeVarInt(block, key.length);
        block.write(key, 0, key.length);
        writeVarInt(block, value.length);
        block.write(value, 0, value.length);
        records[partition]++;
    }

    /** Writes the file with the file system's default replication. */
    public FileRef write(CheckpointFs fs, String path) throws IOException {
        return write(fs, path, (short) 0);
    }

    /**
     * Writes the file.
     *
     * @param path attempt-unique, relative to the checkpoint; must not exist
     * @param replication its replication, or 0 for the file system's default
     * @return the file's path, its length, and the CRC32C of its footer (which holds every block's CRC)
     */
    public FileRef write(CheckpointFs fs, String path, short replication) throws IOException {
        int partitions = blocks.length;
        ByteBuffer footer = ByteBuffer.allocate(ShuffleFormat.footerLength(partitions));
        footer.put(ShuffleFormat.MAGIC).putInt(ShuffleFormat.VERSION).putInt(partitions);
        long offset = ShuffleFormat.MAGIC.length;
        org.apache.hadoop.fs.Path target = fs.resolve(path);
        try (FSDataOutputStream out = fs.create(target, false, replication)) {
            out.write(ShuffleFormat.MAGIC);
            for (int p = 0; p < partitions; p++) {
                byte[] block = blocks[p].toByteArray();
                CRC32C crc = new CRC32C();
                crc.update(block);
                out.write(block);
                footer.putLong(offset).putInt(block.length).putInt(records[p]).putInt((int) crc.getValue());
                offset += block.length;
            }
            CRC32C footerCrc = new CRC32C();
            footerCrc.update(footer.array(), 0, footer.position());
            footer.putInt((int) footerCrc.getValue());
            out.write(footer.array());
            out.writeInt(footer.capacity());
            out.hsync();
            return new FileRef(path, offset + footer.capacity() + 4, footerCrc.getValue());
        }
    }

    private static void writeVarInt(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
