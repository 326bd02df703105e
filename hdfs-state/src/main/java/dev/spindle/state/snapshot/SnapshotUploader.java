package dev.spindle.state.snapshot;

import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Crc32c;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.SnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Uploads a RocksDB checkpoint as an incremental snapshot (the shape of Flink's
 * RocksIncrementalSnapshotStrategy): an SST file the task's last committed snapshot already
 * holds is referenced, not uploaded again; every other SST goes to the task's shared
 * {@code sst/} directory under a new name ({@code <b>-<file>-<uuid>.sst}); the mutable files
 * (CURRENT, MANIFEST-*, OPTIONS-*) go to the snapshot's own directory; the manifest, listing
 * every file with length and CRC32C, is written last and atomically. Nothing is overwritten:
 * an upload killed half way leaves only files no manifest lists, which GC removes.
 */
public final class SnapshotUploader {
    private final CheckpointFs fs;
    private final long bytesPerSecond;
    private final Clock clock;
    private final Duration maxDuration;

    /**
     * @param bytesPerSecond upload bandwidth cap; 0 for none
     * @param maxDuration an upload that takes longer is abandoned before its manifest is written:
     *     GC may already have taken its first files (keep it well under {@code gc-grace})
     */
    public SnapshotUploader(CheckpointFs fs, long bytesPerSecond, Clock clock, Duration maxDuration) {
        this.fs = fs;
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.maxDuration = maxDuration;
    }

    /**
     * @param checkpointDir the local RocksDB checkpoint of state {@code stateBatch}
     * @param reusable SST files, by local name, that are byte for byte the local ones and that the
     *     task's last committed snapshot lists
     * @param cache where uploaded SSTs are linked, so a later restore here needs no download
     */
    public UploadedSnapshot upload(String task, long stateBatch, String attempt, Path checkpointDir,
            Map<String, FileRef> reusable, LocalSstCache cache) throws IOException {
        long start = clock.millis();
        RateLimiter limiter = new RateLimiter(bytesPerSecond);
        String snapshotDir = CheckpointLayout.snapshotDir(task, stateBatch, attempt);
        List<SnapshotManifest.Entry> entries = new ArrayList<>();
        long uploaded = 0;
        List<Path> files;
        try (var list = Files.list(checkpointDir)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            FileRef known = reusable.get(name);
            if (name.endsWith(".sst") && known != null && known.length() == Files.size(file) && fs.exists(known.path())) {
                entries.add(new SnapshotManifest.Entry(name, known));
                continue;
            }
            FileRef ref;
            if (name.endsWith(".sst")) {
                ref = FileTransfers.upload(fs, file, CheckpointLayout.sst(task, stateBatch, name,
                        UUID.randomUUID().toString()), limiter);
                cache.put(file, ref);
            } else {
                ref = FileTransfers.upload(fs, file, snapshotDir + "/" + name, limiter);
            }
            uploaded += ref.length();
            entries.add(new SnapshotManifest.Entry(name, ref));
        }
        if (clock.millis() - start > maxDuration.toMillis()) {
            throw new IOException("snapshot of task " + task + " at batch " + stateBatch + " took longer than "
                    + maxDuration + "; abandoned (its files are debris for GC)");
        }
        for (SnapshotManifest.Entry entry : entries) {
            if (!fs.exists(entry.file().path())) {
                throw new IOException("snapshot of task " + task + " at batch " + stateBatch + " lost "
                        + entry.file().path() + " while uploading; abandoned");
            }
        }
        SnapshotManifest manifest = new SnapshotManifest(task, stateBatch, attempt, clock.millis(), entries);
        byte[] manifestFile = manifest.toFileBytes();
        String manifestPath = snapshotDir + "/" + CheckpointLayout.MANIFEST_FILE;
        if (!fs.createAtomically(manifestPath, manifestFile)) {
            throw new CorruptFileException(manifestPath, "already exists: two uploads of one snapshot");
        }
        uploaded += manifestFile.length;
        FileRef manifestRef = new FileRef(manifestPath, manifestFile.length, Crc32c.of(manifestFile));
        return new UploadedSnapshot(new SnapshotRef(stateBatch, manifestRef), manifest, uploaded, clock.millis());
    }
}
