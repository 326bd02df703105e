package dev.spindle.state.shuffle;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.FileRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Reads one partition's block of a shuffle file that a commit or an assignment names, after
 * checking the file's length, its footer's CRC against the reference, and the block's CRC
 * ({@link ShuffleFormat}). Any mismatch is a {@link CorruptFileException} naming the file.
 */
public final class ShuffleReader {
    private ShuffleReader() {}

    /** Receives the records of a block in the order they were written. */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(byte[] key, byte[] value) throws IOException;
    }

    /** One block's place in the file, as the footer gives it. */
    private record Block(long offset, int length, int records, int crc) {}

    /** @return how many records the block held */
    public static int read(CheckpointFs fs, FileRef file, int partition, RecordConsumer records) throws IOException {
        byte[] block;
        Block entry;
        try (FSDataInputStream in = fs.fileSystem().open(fs.resolve(file.path()))) {
            Block[] blocks = footer(fs, file, in);
            if (partition < 0 || partition >= blocks.length) {
                throw new IllegalArgumentException(file.path() + " has " + blocks.length + " partitions, not " + partition);
            }
            entry = blocks[partition];
            block = readBlock(file, in, entry, partition);
        } catch (FileNotFoundException e) {
            throw new CorruptFileException(file.path(), "missing");
        }
        ByteBuffer data = ByteBuffer.wrap(block);
        for (int i = 0; i < entry.records(); i++) {
            byte[] key = new byte[readVarInt(data)];
            data.get(key);
            byte[] value = new byte[readVarInt(data)];
            data.get(value);
            records.accept(key, value);
        }
        return entry.records();
    }

    /** Checks the whole file: its length, its footer and every block's CRC. */
    public static void verify(CheckpointFs fs, FileRef file) throws IOException {
        try (FSDataInputStream in = fs.fileSystem().open(fs.resolve(file.path()))) {
            Block[] blocks = footer(fs, file, in);
            for (int p = 0; p < blocks.length; p++) {
                readBlock(file, in, blocks[p], p);
            }
        } catch (FileNotFoundException e) {
            throw new CorruptFileException(file.path(), "missing");
        }
    }

    private static byte[] readBlock(FileRef file, FSDataInputStream in, Block entry, int partition) throws IOException {
        byte[] block = new byte[entry.length()];
        in.readFully(entry.offset(), block);
        CRC32C check = new CRC32C();
        check.update(block);
        if ((int) check.getValue() != entry.crc()) {
            throw new CorruptFileException(file.path(), "block of partition " + partition + ": checksum mismatch");
        }
        return block;
    }

    /** The file's blocks, once its length and its footer's CRC match the reference. */
    private static Block[] footer(CheckpointFs fs, FileRef file, FSDataInputStream in) throws IOException {
        long length = fs.fileSystem().getFileStatus(fs.resolve(file.path())).getLen();
        if (length != file.length()) {
            throw new CorruptFileException(file.path(), length + " bytes, the reference says " + file.length());
        }
        if (length < ShuffleFormat.MAGIC.length + 4) {
            throw new CorruptFileException(file.path(), "too short for a shuffle file");
        }
        byte[] tail = new byte[4];
        in.readFully(length - 4, tail);
        int footerLength = ByteBuffer.wrap(tail).getInt();
        if (footerLength < ShuffleFormat.footerLength(1) || footerLength > length - 4 - ShuffleFormat.MAGIC.length) {
            throw new CorruptFileException(file.path(), "bad footer length " + footerLength);
        }
        byte[] footer = new byte[footerLength];
        in.readFully(length - 4 - footerLength, footer);
        CRC32C crc = new CRC32C();
        crc.update(footer, 0, footerLength - 4);
        ByteBuffer entries = ByteBuffer.wrap(footer);
        if ((crc.getValue() & 0xFFFFFFFFL) != (entries.getInt(footerLength - 4) & 0xFFFFFFFFL)
                || crc.getValue() != file.crc32c()) {
            throw new CorruptFileException(file.path(), "footer checksum mismatch");
        }
        byte[] magic = new byte[ShuffleFormat.MAGIC.length];
        entries.get(magic);
        int version = entries.getInt();
        int partitions = entries.getInt();
        if (!Arrays.equals(magic, ShuffleFormat.MAGIC) || version != ShuffleFormat.VERSION
                || footerLength != ShuffleFormat.footerLength(partitions)) {
            throw new CorruptFileException(file.path(), "not a version " + ShuffleFormat.VERSION + " shuffle file");
        }
        Block[] blocks = new Block[partitions];
        for (int p = 0; p < partitions; p++) {
            blocks[p] = new Block(entries.getLong(), entries.getInt(), entries.getInt(), entries.getInt());
        }
        return blocks;
    }

    private static int readVarInt(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
