package dev.spindle.state.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint named with a trailing slash is the same checkpoint: its files relativize the same way. */
class CheckpointFsTest {
    @TempDir
    Path dir;

    @Test
    void aTrailingSlashDoesNotChangeWhatPathsAreRelativeTo() throws Exception {
        URI withSlash = dir.toFile().toURI(); // an existing directory: "file:/.../"
        assertTrue(withSlash.toString().endsWith("/"));
        CheckpointFs fs = CheckpointFs.open(withSlash, new Configuration());
        assertEquals("tables/users/0a-1", fs.relativize(fs.resolve("tables/users/0a-1")));
        assertEquals(CheckpointFs.open(dir.toUri(), new Configuration()).root(), fs.root());
    }
}
