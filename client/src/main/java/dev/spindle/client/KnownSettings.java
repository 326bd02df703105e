package dev.spindle.client;

import dev.spindle.api.config.ConfigKey;
import dev.spindle.appmaster.AppMasterOptions;
import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.TestHooks;
import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.security.SecurityOptions;
import dev.spindle.runtime.sink.SinkOptions;
import dev.spindle.state.StateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every {@code spindle.*} setting Spindle reads, by the section of {@code docs/configuration.md}
 * that documents it. A setting not declared here is a typo: the commands refuse it and name the
 * closest key.
 */
final class KnownSettings {
    /** A section of the reference: a heading, where its keys are read, and the keys. */
    record Section(String heading, String readBy, List<ConfigKey<?>> keys) {}

    static final List<Section> SECTIONS = List.of(
            new Section("Engine", "Read by the batch driver (local mode and the ApplicationMaster) and the executors.",
                    EngineOptions.all()),
            new Section("Checkpoint and state", "Read by the engine, the executors and `spindle checkpoint`.",
                    StateOptions.all()),
            new Section("Sinks", "Read by the batch driver (local mode and the ApplicationMaster) and `spindle-submit`.",
                    SinkOptions.all()),
            new Section("Coordination", "Read by the ApplicationMaster, the executors and `spindle checkpoint gc`.",
                    CoordinationOptions.all()),
            new Section("YARN", "Read by `spindle-submit` and the ApplicationMaster.", AppMasterOptions.all()),
            new Section("Kerberos", "Read by `spindle-submit`, the ApplicationMaster and the executors on a cluster with "
                    + "`hadoop.security.authentication=kerberos`; see [security.md](security.md).", SecurityOptions.all()));

    /** Settings for Spindle's own tests, not documented for users, refused unless the testkit enabled {@link TestHooks}. */
    static final Set<String> TEST_ONLY = Set.of(Submitter.CRASH_POINT_SETTING);

    private KnownSettings() {}

    static boolean isKnown(String name) {
        return names().contains(name);
    }

    /** The documented key nearest to {@code name} by edit distance (ties: the first declared). */
    static String closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : names()) {
            int distance = editDistance(name, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        SECTIONS.forEach(section -> section.keys().forEach(key -> names.add(key.name())));
        return names;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
