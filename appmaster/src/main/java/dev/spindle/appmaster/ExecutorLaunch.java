package dev.spindle.appmaster;

import dev.spindle.appmaster.security.DelegationTokens;
import dev.spindle.runtime.security.TokenFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import dev.spindle.runtime.Jobs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.FSDownload;

/**
 * How Spindle's containers start, for the ApplicationMaster (built by the client) and the
 * executors (built by the AM): the files the submission shipped to HDFS, localized into the
 * container's working directory; a class path of that directory, Spindle's jars, then the cluster's
 * own {@code yarn.application.classpath} (the job's jars stay off it: {@link Jobs#findInContainer}
 * loads them child-first); and {@code $JAVA_HOME/bin/java} with the main class.
 */
public final class ExecutorLaunch {
    /** The shipped files, as {@code name=uri} pairs separated by commas: what executors get too. */
    public static final String SHIPPED_ENV = "SPINDLE_SHIPPED";
    /** The submission's staging directory on HDFS, deleted when the application ends. */
    public static final String STAGING_DIR_ENV = "SPINDLE_STAGING_DIR";
    /** The log file of Spindle's containers, in their log directory. */
    public static final String LOG_FILE = "spindle.log";
    /** Passed on to executors: arms a crash point in tests ({@link dev.spindle.runtime.CrashPoints}). */
    public static final String CRASH_POINT_ENV = "SPINDLE_CRASH_POINT";
    /**
     * A Kerberos configuration shipped under this name (the submitter's {@code java.security.krb5.conf})
     * is the one the containers' JVMs use; without it they use the node's ({@code /etc/krb5.conf}).
     */
    public static final String KRB5_CONF = "krb5.conf";

    private final Configuration conf;
    private final int heapMb;
    private int armedLaunches;
    private Map<String, LocalResource> resources;

    /** @param armedLaunches how many executors (the first ones) get a test's crash point; replacements do not */
    ExecutorLaunch(Configuration conf, int heapMb, int armedLaunches) {
        this.conf = conf;
        this.heapMb = heapMb;
        this.armedLaunches = armedLaunches;
    }

    /** The launch context of one executor container. */
    synchronized ContainerLaunchContext context() {
        if (resources == null) {
            try {
                resources = resources(System.getenv(SHIPPED_ENV), conf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stat the shipped files", e);
            }
        }
        Map<String, String> environment = new HashMap<>();
        String shipped = System.getenv(SHIPPED_ENV);
        String jobJars = System.getenv(Jobs.JOB_JARS_ENV);
        environment.put(Environment.CLASSPATH.name(), classpath(shipped, jobJars, conf));
        if (jobJars != null) {
            environment.put(Jobs.JOB_JARS_ENV, jobJars);
        }
        String crashPoint = System.getenv(CRASH_POINT_ENV);
        if (crashPoint != null && armedLaunches > 0) {
            environment.put(CRASH_POINT_ENV, crashPoint);
            armedLaunches--;
        }
        ByteBuffer tokens = null;
        if (UserGroupInformation.isSecurityEnabled()) {
            // the AM's current tokens (renewed ones once TokenRenewal has run), without its own AMRMToken
            try {
                tokens = DelegationTokens.bytes(DelegationTokens.forExecutors(
                        UserGroupInformation.getCurrentUser().getCredentials()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the executors' delegation tokens", e);
            }
            environment.put(TokenFile.ENV, new Path(System.getenv(STAGING_DIR_ENV), TokenFile.NAME).toString());
        }
        return ContainerLaunchContext.newInstance(resources, environment,
                List.of(javaCommand(heapMb, "dev.spindle.runtime.executor.ExecutorMain", shipped)), null, tokens, null);
    }

    /**
     * LocalResources of shipped files given as {@code name=uri,...}: PUBLIC for a file everyone may
     * read (Spindle's jars in {@code spindle.yarn.lib-cache}: YARN keeps one copy per node for all
     * applications), APPLICATION for the others (the private staging directory's).
     */
    public static Map<String, LocalResource> resources(String shipped, Configuration conf) throws IOException {
        Map<String, LocalResource> resources = new HashMap<>();
        for (String pair : shipped.split(",")) {
            String[] nameAndUri = pair.split("=", 2);
            Path path = new Path(nameAndUri[1]);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            LocalResourceVisibility visibility = FSDownload.isPublic(fs, path, status, null)
                    ? LocalResourceVisibility.PUBLIC : LocalResourceVisibility.APPLICATION;
            resources.put(nameAndUri[0], LocalResource.newInstance(URL.fromPath(path), LocalResourceType.FILE,
                    visibility, status.getLen(), status.getModificationTime()));
        }
        return resources;
    }

    /**
     * The working directory (job spec, log4j.properties), then the shipped jars except the job's
     * ({@code jobJars}, comma-separated link names, or null), then the cluster's Hadoop.
     */
    public static String classpath(String shipped, String jobJars, Configuration conf) {
        Set<String> job = jobJars == null ? Set.of() : Set.of(jobJars.split(","));
        StringBuilder classpath = new StringBuilder(Environment.PWD.$$());
        for (String pair : shipped.split(",")) {
            String name = pair.split("=", 2)[0];
            if (name.endsWith(".jar") && !job.contains(name)) {
                classpath.append(ApplicationConstants.CLASS_PATH_SEPARATOR).append(Environment.PWD.$$()).append('/')
                        .append(name);
            }
        }
        for (String entry : conf.getStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH,
                YarnConfiguration.DEFAULT_YARN_CROSS_PLATFORM_APPLICATION_CLASSPATH)) {
            classpath.append(ApplicationConstants.CLASS_PATH_SEPARATOR).append(entry.trim());
        }
        return classpath.toString();
    }

    /**
     * {@code $JAVA_HOME/bin/java -Xmx... main}, with the shipped {@value #KRB5_CONF} if {@code shipped}
     * has one: the process's log4j log is {@value #LOG_FILE} in the container's log directory, rolled
     * (conf/log4j.properties, appender {@code container}); its stdout and stderr files hold only what
     * bypasses log4j.
     */
    public static String javaCommand(int heapMb, String mainClass, String shipped) {
        boolean krb5Conf = Set.of(shipped.split(",")).stream().anyMatch(pair -> pair.startsWith(KRB5_CONF + "="));
        return Environment.JAVA_HOME.$$() + "/bin/java -Xmx" + heapMb + "m -XX:+UseParallelGC"
                + " --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED" // Hadoop's Kerberos code reads it
                + (krb5Conf ? " -Djava.security.krb5.conf=" + KRB5_CONF : "")
                + " -Dlog4j.configuration=log4j.properties -Dspindle.root.logger=INFO,container"
                + " -Dspindle.log.dir=" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + " -Dspindle.log.file=" + LOG_FILE
                + " " + mainClass
                + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
                + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    }
}
