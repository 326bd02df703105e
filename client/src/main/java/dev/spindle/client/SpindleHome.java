package dev.spindle.client;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the running Spindle installation keeps what submissions ship. */
public final class SpindleHome {
    private SpindleHome() {}

    /**
     * Spindle's lib directory: {@code -Dspindle.lib.dir}, or {@code SPINDLE_LIB_DIR}, as the scripts
     * set them; else, in a distribution run by Hadoop's {@code yarn jar lib/spindle-client-*.jar}, the
     * directory the ApplicationMaster's jar was loaded from (the client jar's manifest names it).
     */
    public static Path libDir() throws UsageException {
        String dir = System.getProperty("spindle.lib.dir", System.getenv("SPINDLE_LIB_DIR"));
        if (dir != null) {
            return Path.of(dir);
        }
        Path distributionLib = distributionLib();
        if (distributionLib != null) {
            return distributionLib;
        }
        throw new UsageException("Spindle's lib directory is not set (run through bin/ or sbin/, or set SPINDLE_LIB_DIR)");
    }

    /** The lib/ of the distribution this JVM runs from (where the ApplicationMaster's jar is), or null outside one. */
    private static Path distributionLib() {
        Path source = codeSource(dev.spindle.appmaster.ApplicationMasterMain.class);
        return source != null && source.toString().endsWith(".jar") ? source.getParent() : null;
    }

    /** Where a class was loaded from: a jar, or a classes directory (a development build); null when the JVM does not say. */
    static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /**
     * Spindle's conf/ directory: {@code -Dspindle.conf.dir}, {@code SPINDLE_CONF_DIR}, or conf/ beside
     * a distribution's lib/; null when none is known.
     */
    public static Path confDir() {
        String dir = System.getProperty("spindle.conf.dir", System.getenv("SPINDLE_CONF_DIR"));
        if (dir != null) {
            return Path.of(dir);
        }
        Path distributionLib = distributionLib();
        return distributionLib == null ? null : distributionLib.resolveSibling("conf");
    }

    /** The log configuration shipped to containers: {@code log4j.properties} in {@link #confDir} when present. */
    public static Path log4j() {
        Path dir = confDir();
        Path file = dir == null ? null : dir.resolve("log4j.properties");
        return file != null && file.toFile().isFile() ? file : null;
    }
}
