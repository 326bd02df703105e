package dev.spindle.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * The operating-system process (the JVM) that runs one YARN container, with the means to hurt
 * it for real: SIGKILL, SIGSTOP and SIGCONT. Obtained from {@link SpindleTestCluster#containerProcesses}.
 */
public final class ContainerProcess {
    private final ContainerId containerId;
    private final long pid;

    ContainerProcess(ContainerId containerId, long pid) {
        this.containerId = containerId;
        this.pid = pid;
    }

    public ContainerId containerId() {
        return containerId;
    }

    /** The process id of the container's JVM. */
    public long pid() {
        return pid;
    }

    /** True while this is the container's AM (container number 1 of its attempt). */
    public boolean isApplicationMaster() {
        return containerId.getContainerId() % (1L << 40) == 1;
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Sends SIGKILL and waits until the process is gone. */
    public void kill() {
        signal("KILL");
        Await.until(Duration.ofSeconds(30), "process " + pid + " of " + containerId + " to die", () -> !isAlive());
    }

    /** Sends SIGSTOP and waits until the kernel reports the process stopped. */
    public void pause() {
        signal("STOP");
        Await.until(Duration.ofSeconds(10), "process " + pid + " of " + containerId + " to stop", this::isPaused);
    }

    /** Sends SIGCONT to a paused process. */
    public void resume() {
        signal("CONT");
        Await.until(Duration.ofSeconds(10), "process " + pid + " of " + containerId + " to continue", () -> !isPaused());
    }

    /** True when the kernel reports the process as stopped by a signal (state {@code T}). */
    public boolean isPaused() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // Format: pid (comm) state ...; comm may contain spaces and parentheses.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T';
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder(List.of("kill", "-" + name, Long.toString(pid)))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }

    @Override
    public String toString() {
        return containerId + " (pid " + pid + ")";
    }
}
