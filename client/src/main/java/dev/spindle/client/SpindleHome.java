package dev.spindle.client;

import java.nio.file.Path;

/** Where the running Spindle installation keeps what submissions ship. */
public final class SpindleHome {
    private SpindleHome() {}

    /** Spindle's lib directory: {@code -Dspindle.lib.dir}, or {@code SPINDLE_LIB_DIR}, as sbin/ sets them. */
    public static Path libDir() throws UsageException {
        String dir = System.getProperty("spindle.lib.dir", System.getenv("SPINDLE_LIB_DIR"));
        if (dir == null) {
            throw new UsageException("Spindle's lib directory is not set (run through sbin/, or set SPINDLE_LIB_DIR)");
        }
        return Path.of(dir);
    }

    /** The log configuration shipped to containers: {@code conf/log4j.properties} when present. */
    public static Path log4j() {
        String dir = System.getProperty("spindle.conf.dir", System.getenv("SPINDLE_CONF_DIR"));
        Path file = dir == null ? null : Path.of(dir, "log4j.properties");
        return file != null && file.toFile().isFile() ? file : null;
    }
}
