package dev.spindle.testkit;

import java.io.IOException;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;

/**
 * The main class of a {@link NodeManagerProcess}: YARN's own NodeManager (configured by the
 * {@code yarn-site.xml} first on its class path), which exits when the JVM that started it goes
 * away, so that a test JVM killed outright leaves no NodeManager behind.
 */
public final class NodeManagerMain {
    private NodeManagerMain() {}

    public static void main(String[] args) throws IOException {
        Thread parentWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is ever written; EOF means the parent closed the pipe or died
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone too
            }
            System.exit(0); // runs the NodeManager's shutdown hook, which stops its containers
        }, "spindle-testkit-parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        NodeManager.main(args);
    }
}
