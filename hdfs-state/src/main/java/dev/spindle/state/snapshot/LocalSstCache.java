package dev.spindle.state.snapshot;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.FileRef;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An executor's local copies of one task's SST files, named as in the checkpoint
 * ({@code <b>-<file>-<uuid>.sst}, unique and immutable). A file enters the cache only verified:
 * downloaded with its length and CRC32C checked, or uploaded from this very file. Restores link
 * cached files into the new RocksDB directory instead of downloading them again.
 */
public final class LocalSstCache {
    private final Path dir;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong downloadedBytes = new AtomicLong();

    public LocalSstCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** A verified local copy of {@code ref}, downloaded when not cached yet. */
    public Path get(CheckpointFs fs, FileRef ref) throws IOException {
        Path local = dir.resolve(fileName(ref));
        if (Files.isRegularFile(local) && Files.size(local) == ref.length()) {
            hits.incrementAndGet();
            return local;
        }
        FileTransfers.download(fs, ref, local);
        downloadedBytes.addAndGet(ref.length());
        return local;
    }

    /** Adds a file this executor just uploaded as {@code ref}, by hard link. */
    void put(Path file, FileRef ref) throws IOException {
        Path local = dir.resolve(fileName(ref));
        try {
            Files.createLink(local, file);
        } catch (FileAlreadyExistsException e) {
            // already cached
        }
    }

    /** Deletes every cached file whose checkpoint name is not in {@code keep}. */
    public void retainOnly(Set<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (!keep.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** How many requests found their file cached. */
    public long hits() {
        return hits.get();
    }

    /** Bytes downloaded from the checkpoint into this cache. */
    public long downloadedBytes() {
        return downloadedBytes.get();
    }

    public static String fileName(FileRef ref) {
        return ref.path().substring(ref.path().lastIndexOf('/') + 1);
    }
}
