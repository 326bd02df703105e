package dev.spindle.runtime.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tasks are named after their stage and partition: {@code s0-p3} reads input partition 3,
 * {@code s1-p5} is partition 5 of the stage after the shuffle.
 */
public final class TaskNames {
    private static final Pattern NAME = Pattern.compile("s(\\d+)-p(\\d+)");

    private TaskNames() {}

    /** A task of stage 0, which reads input partition {@code partition}. */
    public static String of(int partition) {
        return of(0, partition);
    }

    public static String of(int stage, int partition) {
        return "s" + stage + "-p" + partition;
    }

    public static int stageOf(String task) {
        return Integer.parseInt(parse(task).group(1));
    }

    /** The partition of a task within its stage (for stage 0, its input partition). */
    public static int partitionOf(String task) {
        return Integer.parseInt(parse(task).group(2));
    }

    private static Matcher parse(String task) {
        Matcher matcher = NAME.matcher(task);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a task name: " + task);
        }
        return matcher;
    }
}
