package dev.spindle.runtime.plan;

/** Tasks are named after their stage and input partition: {@code s0-p3}. */
public final class TaskNames {
    private static final String STAGE_0 = "s0-p";

    private TaskNames() {}

    public static String of(int partition) {
        return STAGE_0 + partition;
    }

    /** The input partition of a task. */
    public static int partitionOf(String task) {
        if (!task.startsWith(STAGE_0)) {
            throw new IllegalArgumentException("not a task name: " + task);
        }
        return Integer.parseInt(task.substring(STAGE_0.length()));
    }
}
