package dev.spindle.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.testkit.fixtures.MarkerApplication;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** close() leaves nothing behind, even with an application still running in YARN. */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class SpindleTestClusterShutdownTest {

    @Test
    void closeLeavesNoProcessThreadOrListeningPortEvenWithAnApplicationRunning() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        Set<String> socketsBefore = ProcessResources.listeningSockets();

        SpindleTestCluster cluster = SpindleTestCluster.builder().nodeManagers(1).start();
        ApplicationId app = MarkerApplication.submit(cluster, "/shutdown-test", "wait");
        Await.until(Duration.ofSeconds(90), "the worker to start",
                () -> cluster.fileSystem().exists(new Path("/shutdown-test/started")));
        List<ContainerProcess> containers = cluster.containerProcesses(app);
        assertEquals(2, containers.size(), "the AM and its worker run: " + containers);
        Set<String> socketsWhileRunning = new TreeSet<>(ProcessResources.listeningSockets());
        socketsWhileRunning.removeAll(socketsBefore);
        Set<String> notLoopback = socketsWhileRunning.stream()
                .filter(address -> !ProcessResources.isLoopback(address)).collect(Collectors.toSet());
        java.nio.file.Path baseDir = cluster.baseDir();

        long begin = System.nanoTime();
        cluster.close();
        System.out.printf("SpindleTestCluster closed in %.1f s%n", (System.nanoTime() - begin) / 1e9);

        for (ContainerProcess container : containers) {
            assertFalse(container.isAlive(), container + " outlived the cluster");
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList(),
                "child processes outlived the cluster");
        assertEquals(List.of(), ContainerProcesses.find(baseDir, id -> true));
        assertFalse(Files.exists(baseDir), "data directory left behind");
        Await.until(Duration.ofSeconds(30), "the cluster's listening sockets to close",
                () -> socketsBefore.containsAll(ProcessResources.listeningSockets()));
        System.out.println("threads alive right after close: " + clusterThreadsAlive(threadsBefore));
        long waitBegin = System.nanoTime();
        try {
            Await.until(Duration.ofSeconds(30), "the cluster's threads to end",
                    () -> clusterThreadsAlive(threadsBefore).isEmpty());
        } catch (AssertionError e) {
            assertEquals(List.of(), clusterThreadsAlive(threadsBefore), "threads outlived the cluster");
        }
        System.out.printf("threads ended %.1f s after close%n", (System.nanoTime() - waitBegin) / 1e9);
        System.out.println("listening while running, not on loopback: " + notLoopback);
        assertTrue(notLoopback.isEmpty(), "services listened beyond loopback: " + notLoopback);
    }

    private static List<String> clusterThreadsAlive(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .filter(thread -> !JvmWideThreads.isJvmWide(thread))
                .map(Thread::getName)
                .sorted()
                .toList();
    }
}
