package dev.spindle.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM while a command runs: the first asks the command to stop (a run
 * finishes its batch in flight; a command that waits is interrupted) so that it cleans up and
 * reports; a second one exits at once, and only the shutdown hooks clean up. Installed for one
 * command, then the JVM's own handling comes back.
 */
public final class RunSignals implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final Map<String, SignalHandler> previous = new ConcurrentHashMap<>();
    private final List<Thread> cleanups = new ArrayList<>();
    private volatile Runnable onStop;
    private volatile String received;

    private RunSignals(Runnable onStop) {
        this.onStop = onStop;
    }

    /** Handles both signals from now on; the first one calls {@code onStop}. */
    public static RunSignals install(Runnable onStop) {
        RunSignals signals = new RunSignals(onStop);
        for (String name : SIGNALS) {
            signals.previous.put(name, Signal.handle(new Signal(name), signals::handle));
        }
        return signals;
    }

    /** Interrupts {@code thread} on the first signal: for a command that waits or loads. */
    public static RunSignals interrupting(Thread thread) {
        return install(thread::interrupt);
    }

    private void handle(Signal signal) {
        if (received != null) {
            System.exit(ExitCode.interruptedBy(received)); // a second signal: out now, shutdown hooks clean up
        }
        received = signal.getName();
        onStop.run();
    }

    /** What the first signal does from now on (e.g. stop the run once it has started). */
    public void onStop(Runnable action) {
        onStop = action;
        if (received != null) {
            action.run();
        }
    }

    /** The first signal received ({@code INT} or {@code TERM}), or null. */
    public String received() {
        return received;
    }

    /** Runs {@code cleanup} at JVM exit unless this command ends first (then its own finally does it). */
    public void cleanUpOnExit(Runnable cleanup) {
        Thread hook = new Thread(cleanup, "spindle-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        cleanups.add(hook);
    }

    @Override
    public void close() {
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
        for (Thread hook : cleanups) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is exiting already: the hook runs
            }
        }
    }
}
