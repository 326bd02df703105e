package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Where tasks go: sticky while fair, to the newest state otherwise, never back onto a hung executor. */
class PlacementTest {
    private static final List<String> TASKS = List.of("s0-p0", "s0-p1", "s0-p2", "s0-p3");

    /** Places every task of a batch, as the leader does, in task order. */
    private static Map<String, String> batch(Placement placement, Map<String, Map<String, Long>> executors) {
        Map<String, String> placed = new TreeMap<>();
        for (String task : TASKS) {
            placed.put(task, placement.place(task, executors, placed, TASKS.size(), null));
        }
        return placed;
    }

    private static Map<String, Map<String, Long>> live(String... executors) {
        Map<String, Map<String, Long>> live = new TreeMap<>();
        for (String executor : executors) {
            live.put(executor, Map.of());
        }
        return live;
    }

    @Test
    void tasksSpreadEvenlyAndStayWhereTheyAre() {
        Placement placement = new Placement();
        Map<String, String> first = batch(placement, live("e1", "e2"));
        assertEquals(Map.of("s0-p0", "e1", "s0-p1", "e2", "s0-p2", "e1", "s0-p3", "e2"), first);
        assertEquals(first, batch(placement, live("e1", "e2")), "the next batch: same places");
    }

    @Test
    void whenAnExecutorJoinsTasksMoveOnlyAsFarAsTheFairShareNeeds() {
        Placement placement = new Placement();
        batch(placement, live("e1"));
        Map<String, String> after = batch(placement, live("e1", "e2"));
        assertEquals(2, after.values().stream().filter("e1"::equals).count());
        assertEquals(List.of("s0-p0", "s0-p1"), after.entrySet().stream().filter(e -> e.getValue().equals("e1"))
                .map(Map.Entry::getKey).toList(), "the first tasks stay, the rest move");
    }

    @Test
    void aNewLeaderPutsEachTaskWhereItsCommittedStateIsNewest() {
        Map<String, Map<String, Long>> executors = new TreeMap<>();
        executors.put("e1", Map.of("s0-p0", 40L, "s0-p1", 41L));
        executors.put("e2", Map.of("s0-p0", 41L, "s0-p2", 41L, "s0-p3", 41L));
        Map<String, String> placed = batch(new Placement(), executors);
        assertEquals("e2", placed.get("s0-p0"), "newest state of s0-p0");
        assertEquals("e1", placed.get("s0-p1"));
        assertEquals("e2", placed.get("s0-p2"));
        assertEquals("e1", placed.get("s0-p3"), "e2 holds its fair share already");
    }

    @Test
    void aReassignedAttemptAvoidsTheExecutorItTimedOutOnWhileAnotherLives() {
        Placement placement = new Placement();
        Map<String, String> placed = new HashMap<>(batch(placement, live("e1", "e2")));
        String hung = placed.get("s0-p0");
        assertNotEquals(hung, placement.place("s0-p0", live("e1", "e2"), placed, TASKS.size(), hung));
        assertEquals("e1", placement.place("s0-p0", live("e1"), Map.of(), TASKS.size(), "e1"), "the only one left");
    }
}
