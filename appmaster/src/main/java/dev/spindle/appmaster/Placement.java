package dev.spindle.appmaster;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a task's next attempt runs: on its previous executor (warm state) while that one lives
 * and holds no more than its fair share {@code ceil(tasks / executors)} of the batch's tasks; else
 * on the live executor whose copy of the task's committed state is newest (what executors announce,
 * so it survives an AM failover); else on the least loaded live executor; never on {@code avoid}
 * while another exists. Ties go to the lowest executor id. Pure logic: remembers only where each
 * task went last.
 */
final class Placement {
    private final Map<String, String> executorOf = new HashMap<>();

    /**
     * @param executors the live executors, each with the tasks it holds state of and that state's batch
     * @param placed the executor of every other task of the batch placed so far
     * @param tasks how many tasks the batch has
     * @param avoid an executor not to use (the one a timed-out attempt ran on), or null
     * @return the executor for {@code task}
     */
    String place(String task, Map<String, Map<String, Long>> executors, Map<String, String> placed, int tasks,
            String avoid) {
        if (executors.isEmpty()) {
            throw new IllegalArgumentException("no live executor to place " + task + " on");
        }
        Map<String, Integer> load = new HashMap<>();
        executors.keySet().forEach(e -> load.put(e, 0));
        placed.forEach((other, executor) -> {
            if (!other.equals(task)) {
                load.computeIfPresent(executor, (e, n) -> n + 1);
            }
        });
        int fairShare = (tasks + executors.size() - 1) / executors.size();
        Predicate<String> fits = e -> !e.equals(avoid) && load.get(e) < fairShare;
        String executor = executorOf.get(task);
        if (executor == null || !executors.containsKey(executor) || !fits.test(executor)) {
            executor = executors.entrySet().stream()
                    .filter(e -> e.getValue().containsKey(task) && fits.test(e.getKey()))
                    .max(Comparator.<Map.Entry<String, Map<String, Long>>>comparingLong(e -> e.getValue().get(task))
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .map(Map.Entry::getKey)
                    .orElseGet(() -> load.entrySet().stream()
                            .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> e.getKey().equals(avoid) ? 1 : 0)
                                    .thenComparingInt(Map.Entry::getValue).thenComparing(Map.Entry::getKey))
                            .map(Map.Entry::getKey).findFirst().orElseThrow());
        }
        executorOf.put(task, executor);
        return executor;
    }
}
