package dev.spindle.runtime.sink;

import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.OutputFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * Writes an attempt's output as staged files under its attempt-unique directory
 * {@code sinks/staging/<b>/<task>/<attempt>/} in the checkpoint: JSON lines, {@code hsync}ed, with
 * length and CRC32C for the commit. Inert until {@code commits/<b>} names them; empty files are
 * not written.
 */
public final class StagedOutput {
    private StagedOutput() {}

    /** Stages the rows and dead letters of one attempt; returns the files the commit will name. */
    public static List<OutputFile> stage(CheckpointFs fs, OutputLocation location, long batch, String task,
            String attempt, List<String> rows, List<String> deadLetters) throws IOException {
        String dir = CheckpointLayout.stagingDir(batch, task, attempt);
        List<OutputFile> files = new ArrayList<>();
        if (!rows.isEmpty()) {
            files.add(write(fs, dir + "/rows.jsonl", location.rowsFile(batch, task), rows));
        }
        if (!deadLetters.isEmpty()) {
            files.add(write(fs, dir + "/dead-letters.jsonl", location.deadLettersFile(batch, task), deadLetters));
        }
        return files;
    }

    /**
     * Checks a staged file's bytes, as read, against what the commit recorded for it.
     *
     * @throws IOException naming the file when its length or CRC32C differ (it was damaged after the commit)
     */
    static void checkMatchesCommit(OutputFile output, long length, long crc32c) throws IOException {
        if (length != output.length() || crc32c != output.crc32c()) {
            throw new IOException("staged output " + output.staged() + " does not match its commit (" + length
                    + " bytes with CRC32C " + Long.toHexString(crc32c) + ", the commit recorded " + output.length()
                    + " with " + Long.toHexString(output.crc32c()) + "): not published");
        }
    }

    private static OutputFile write(CheckpointFs fs, String staged, String finalPath, List<String> lines) throws IOException {
        CRC32C crc = new CRC32C();
        try (FSDataOutputStream file = fs.create(fs.resolve(staged))) {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new CheckedOutputStream(file, crc),
                    StandardCharsets.UTF_8), 64 * 1024);
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
            out.flush();
            file.hsync();
            return new OutputFile(staged, finalPath, file.getPos(), crc.getValue());
        }
    }
}
