package dev.spindle.state.log;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Frame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.hadoop.fs.FileStatus;

/**
 * A log of write-once positions {@code <dir>/<batch>}, the shape of Spark's HDFSMetadataLog with
 * a leader epoch and a checksum in every entry (invariant I1):
 *
 * <ul>
 *   <li>{@link #add} writes a position at most once: a temp file, {@code hsync}, then a rename that
 *       fails if the position exists. The first writer wins; a later writer gets the existing
 *       entry back and must follow it.
 *   <li>Positions are contiguous: adding beyond the latest + 1 is refused, and so is an entry whose
 *       epoch is older than the latest entry's (a newer leader has taken over).
 *   <li>{@link #get} verifies length and checksum on every first read; entries never change, so
 *       verified entries are cached — the {@value #CACHED_ENTRIES} used last, so that a process
 *       that follows the log for months (an executor, which never runs GC) holds a bounded number.
 * </ul>
 *
 * On {@code file://} the no-overwrite rename is check-then-act: the run must hold the
 * checkpoint's {@link dev.spindle.state.io.CheckpointLock}.
 *
 * @param <T> the entry type
 */
final class WriteOnceLog<T> {
    /** Parses an entry body. */
    interface Decoder<T> {
        T decode(byte[] body, String path) throws CorruptFileException;
    }

    /** How entries are numbered, fenced, written and read. */
    record Codec<T>(ToLongFunction<T> batch, ToLongFunction<T> epoch, Function<T, byte[]> encode, Decoder<T> decode) {}

    private final CheckpointFs fs;
    private final String dir;
    private final String kind;
    private final Codec<T> codec;
    /** How many verified entries a log keeps in memory: more than a batch's reads and a restore's replay need. */
    static final int CACHED_ENTRIES = 256;

    private final Map<Long, T> verified = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, T> eldest) {
                    return size() > CACHED_ENTRIES;
                }
            });

    WriteOnceLog(CheckpointFs fs, String dir, String kind, Codec<T> codec) {
        this.fs = fs;
        this.dir = dir;
        this.kind = kind;
        this.codec = codec;
    }

    private long batchOf(T entry) {
        return codec.batch().applyAsLong(entry);
    }

    private long epochOf(T entry) {
        return codec.epoch().applyAsLong(entry);
    }

    /** The relative path of a position: {@code offsets/7}. */
    String pathOf(long batch) {
        return dir + "/" + batch;
    }

    /**
     * Writes {@code entry} at its batch unless that position is taken.
     *
     * @return the entry now at the position: {@code entry} itself, or the one another writer put there first
     * @throws LogGapException when the position is beyond the latest + 1, or garbage-collected
     * @throws StaleEpochException when the latest entry was written by a newer epoch
     */
    T add(T entry) throws IOException {
        long batch = batchOf(entry);
        Optional<T> existing = get(batch);
        if (existing.isPresent()) {
            return existing.get();
        }
        OptionalLong latest = latestBatch();
        long expected = latest.isPresent() ? latest.getAsLong() + 1 : 0;
        if (batch != expected) {
            throw new LogGapException(latest.isPresent() && batch <= latest.getAsLong()
                    ? pathOf(batch) + " cannot be written: it was garbage-collected (the log holds up to "
                            + pathOf(latest.getAsLong()) + ")"
                    : pathOf(batch) + " cannot be written: the next position is " + pathOf(expected));
        }
        if (latest.isPresent()) {
            T previous = get(latest.getAsLong()).orElseThrow();
            if (epochOf(entry) < epochOf(previous)) {
                throw new StaleEpochException(pathOf(batch) + " refused: epoch " + epochOf(entry)
                        + " is older than epoch " + epochOf(previous) + " of " + pathOf(latest.getAsLong()));
            }
        }
        if (fs.createAtomically(pathOf(batch), Frame.encode(kind, codec.encode().apply(entry)))) {
            verified.put(batch, entry);
            return entry;
        }
        return get(batch).orElseThrow(() -> new IOException(pathOf(batch) + " vanished after a rename conflict"));
    }

    /**
     * The verified entry at {@code batch}, or empty when the position is not written.
     *
     * @throws CorruptFileException when the file fails its length or checksum check
     */
    Optional<T> get(long batch) throws IOException {
        T cached = verified.get(batch);
        if (cached != null) {
            return Optional.of(cached);
        }
        String path = pathOf(batch);
        byte[] file = fs.readIfExists(path);
        if (file == null) {
            return Optional.empty();
        }
        T entry = codec.decode().decode(Frame.decode(kind, file, path), path);
        if (batchOf(entry) != batch) {
            throw new CorruptFileException(path, "holds batch " + batchOf(entry));
        }
        verified.put(batch, entry);
        return Optional.of(entry);
    }

    /** The written positions, ascending (temporary files are not positions). */
    List<Long> batches() throws IOException {
        List<Long> batches = new ArrayList<>();
        for (FileStatus status : fs.list(dir)) {
            String name = status.getPath().getName();
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                batches.add(Long.parseLong(name));
            }
        }
        batches.sort(null);
        return batches;
    }

    OptionalLong latestBatch() throws IOException {
        List<Long> batches = batches();
        return batches.isEmpty() ? OptionalLong.empty() : OptionalLong.of(batches.get(batches.size() - 1));
    }

    /** How many verified entries are cached now. */
    int cachedEntries() {
        return verified.size();
    }

    /** Forgets the cached entry of a position that garbage collection deleted. */
    void forget(long batch) {
        verified.remove(batch);
    }
}
