package dev.spindle.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one {@link SpindleTestCluster} per test class, started before the first test and
 * closed after the last. Register it on a static field, with the options the class needs:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SpindleClusterExtension CLUSTER =
 *         new SpindleClusterExtension(SpindleTestCluster.builder().nodeManagers(1));
 *
 * @Test
 * void writesToHdfs() throws Exception {
 *     FileSystem fs = CLUSTER.cluster().fileSystem();
 *     ...
 * }
 * }</pre>
 *
 * Test methods may also take a {@link SpindleTestCluster} parameter. Nested classes share the
 * cluster of the class that registered the extension.
 */
public final class SpindleClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    /** Spindle's TestHooks property (the testkit depends on no Spindle module, so it names it). */
    public static final String TEST_HOOKS_PROPERTY = "spindle.testkit.hooks";

    private final SpindleTestCluster.Builder builder;
    private SpindleTestCluster cluster;
    private ExtensionContext owner;

    /** A cluster with the default options. */
    public SpindleClusterExtension() {
        this(SpindleTestCluster.builder());
    }

    public SpindleClusterExtension(SpindleTestCluster.Builder builder) {
        this.builder = builder;
    }

    /** The running cluster of the current test class. */
    public SpindleTestCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException(
                    "no SpindleTestCluster is running: register SpindleClusterExtension on a static field");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // this JVM runs tests: Spindle's test-only switches (crash points) are allowed here, and only here
        System.setProperty(TEST_HOOKS_PROPERTY, "enabled");
        if (cluster == null) {
            cluster = builder.start();
            owner = context;
            System.out.println("SpindleTestCluster for " + context.getDisplayName() + " started: "
                    + cluster.startupReport());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context == owner) {
            try {
                cluster.close();
            } finally {
                cluster = null;
                owner = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SpindleTestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster();
    }
}
