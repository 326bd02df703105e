package dev.spindle.client;

import dev.spindle.appmaster.AppMasterOptions;
import dev.spindle.appmaster.ExecutorLaunch;
import dev.spindle.appmaster.security.DelegationTokens;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.TestHooks;
import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.security.SecurityOptions;
import dev.spindle.state.io.CheckpointFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Submits a job to YARN the way a real cluster needs it: Spindle's jars (everything but Hadoop's,
 * which the cluster provides), the job's jar, the job spec and the log configuration go to
 * {@code /user/<user>/.spindle/<appId>/} on the cluster's file system and reach the containers as
 * LocalResources; the ApplicationMaster starts from them, with YARN keeping executors across AM
 * attempts. On a Kerberos cluster the submission also carries the delegation tokens the job
 * needs, obtained as the submitting user, and ships the keytab, if given, to the AM alone
 * (docs/security.md).
 */
public final class Submitter {
    static final String APPLICATION_TYPE = "SPINDLE";
    static final String NAME_PREFIX = "spindle:";
    /** A test's crash point ({@code name:batch}), handed to the first containers; see CrashPoints. */
    static final String CRASH_POINT_SETTING = "spindle.test.crash-point";
    /** The ZooKeeper digest credentials, when configured, as the containers find them. */
    static final String ZOOKEEPER_DIGEST_NAME = "zookeeper.digest";
    /** The keytab, when given, as the ApplicationMaster finds it (executors do not get it). */
    static final String KEYTAB_NAME = "keytab";
    /** The job's jar is shipped under its file name with this prefix, apart from Spindle's own jars. */
    static final String JOB_JAR_PREFIX = "job-";
    private static final long ATTEMPT_VALIDITY_MS = 10 * 60 * 1000;

    /** A submission: the job spec, the jar that holds the job, and the configuration. */
    public record Request(JobSpec spec, Path jobJar, Configuration conf) {}

    private Submitter() {}

    /**
     * Submits a job from Java, as {@code spindle-submit} does once it has checked its options, for
     * one of the jobs on Spindle's class path (the examples).
     *
     * @throws IOException one line, when the lib directory or the job cannot be found, or the upload fails
     */
    public static ApplicationId submit(YarnClient yarn, JobSpec spec, Configuration conf)
            throws IOException, YarnException {
        Path jobJar;
        try {
            jobJar = JobLocator.find(spec.jobName(), null).jar();
        } catch (UsageException e) {
            throw new IOException(e.getMessage(), e);
        }
        return submit(yarn, new Request(spec, jobJar, conf));
    }

    /**
     * Ships Spindle's lib directory ({@link SpindleHome#libDir}), the job's jar (as {@code job-<name>},
     * kept off the containers' class path and loaded child-first), the job spec and conf/'s log
     * configuration, and submits the ApplicationMaster.
     */
    public static ApplicationId submit(YarnClient yarn, Request request) throws IOException, YarnException {
        Configuration conf = request.conf();
        YarnClientApplication application = yarn.createApplication();
        ApplicationSubmissionContext context = application.getApplicationSubmissionContext();
        ApplicationId appId = context.getApplicationId();
        FileSystem fs = FileSystem.get(conf);
        String user = UserGroupInformation.getCurrentUser().getShortUserName();
        org.apache.hadoop.fs.Path staging = fs.makeQualified(stagingDir(user, appId));
        fs.mkdirs(staging, CheckpointFs.PRIVATE_DIRECTORY); // the job's settings and jars: its user's alone
        StringJoiner shipped = new StringJoiner(",");
        List<Path> libJars;
        try {
            libJars = libJars(SpindleHome.libDir());
        } catch (UsageException e) {
            throw new IOException(e.getMessage(), e);
        }
        String libCache = AppMasterOptions.LIB_CACHE.read(conf::get);
        if (libCache.isBlank()) {
            for (Path jar : libJars) {
                shipped.add(upload(fs, staging, jar, jar.getFileName().toString()));
            }
        } else {
            LibCache.ensure(fs, new org.apache.hadoop.fs.Path(libCache), libJars).forEach(shipped::add);
        }
        String jobJar = JOB_JAR_PREFIX + request.jobJar().getFileName();
        shipped.add(upload(fs, staging, request.jobJar(), jobJar));
        JobSpec jobSpec = request.spec();
        String digestFile = CoordinationOptions.ZOOKEEPER_DIGEST_FILE.read(conf::get);
        if (!digestFile.isBlank()) {
            // the containers' ZooKeeper credentials: a private file beside the spec, which names it
            shipped.add(upload(fs, staging, Path.of(digestFile), ZOOKEEPER_DIGEST_NAME));
            jobSpec = jobSpec.withSetting(CoordinationOptions.ZOOKEEPER_DIGEST_FILE.name(), ZOOKEEPER_DIGEST_NAME);
        }
        String amOnly = "";
        String keytab = SecurityOptions.KEYTAB.read(conf::get);
        boolean zooKeeperSasl = CoordinationOptions.ZOOKEEPER_SASL.read(conf::get);
        if (zooKeeperSasl && keytab.isBlank()) {
            throw new IOException(KerberosLogin.ZOOKEEPER_SASL_NEEDS_KEYTAB);
        }
        if (!keytab.isBlank()) {
            // a private file in the staging directory, named in the spec, never on a command line; the AM's
            // alone unless the executors need it too, to log in to ZooKeeper
            String shippedKeytab = upload(fs, staging, Path.of(keytab), KEYTAB_NAME);
            if (zooKeeperSasl) {
                shipped.add(shippedKeytab);
            } else {
                amOnly = "," + shippedKeytab;
            }
            jobSpec = jobSpec.withSetting(SecurityOptions.KEYTAB.name(), KEYTAB_NAME);
        }
        String krb5Conf = System.getProperty("java.security.krb5.conf");
        if ((UserGroupInformation.isSecurityEnabled() || zooKeeperSasl) && krb5Conf != null
                && Files.isRegularFile(Path.of(krb5Conf))) {
            shipped.add(upload(fs, staging, Path.of(krb5Conf), ExecutorLaunch.KRB5_CONF));
        }
        ByteBuffer tokens = UserGroupInformation.isSecurityEnabled()
                ? DelegationTokens.bytes(delegationTokens(yarn, request, conf)) : null;
        // the Kafka clients' secrets files, truststores and keystores: private files the spec names instead
        KafkaClientFiles kafkaFiles = KafkaClientFiles.of(jobSpec.settings());
        for (Map.Entry<String, Path> file : kafkaFiles.files().entrySet()) {
            shipped.add(upload(fs, staging, file.getValue(), file.getKey()));
        }
        jobSpec = kafkaFiles.rewrite(jobSpec);
        Path spec = Files.createTempFile("spindle-job-", ".properties");
        try (OutputStream out = Files.newOutputStream(spec)) {
            jobSpec.write(out);
        }
        shipped.add(upload(fs, staging, spec, JobSpec.FILE_NAME));
        Files.delete(spec);
        Path log4j = SpindleHome.log4j();
        if (log4j != null) {
            shipped.add(upload(fs, staging, log4j, "log4j.properties"));
        }

        Map<String, String> environment = new HashMap<>();
        environment.put(Environment.CLASSPATH.name(), ExecutorLaunch.classpath(shipped.toString(), jobJar, conf));
        environment.put(ExecutorLaunch.SHIPPED_ENV, shipped.toString());
        environment.put(Jobs.JOB_JARS_ENV, jobJar);
        environment.put(ExecutorLaunch.STAGING_DIR_ENV, staging.toString());
        String crashPoint = conf.get(CRASH_POINT_SETTING);
        if (crashPoint != null && !TestHooks.enabled()) {
            throw new IOException("setting '" + CRASH_POINT_SETTING + "' is a switch of Spindle's own tests and is refused"
                    + " outside them");
        }
        if (crashPoint != null) {
            environment.put(ExecutorLaunch.CRASH_POINT_ENV, crashPoint);
        }
        int amHeap = AppMasterOptions.AM_MEMORY_MB.read(conf::get);
        ContainerLaunchContext am = ContainerLaunchContext.newInstance(
                ExecutorLaunch.resources(shipped + amOnly, conf), environment,
                List.of(ExecutorLaunch.javaCommand(amHeap, "dev.spindle.appmaster.ApplicationMasterMain", shipped.toString())),
                null, tokens, null);
        context.setApplicationName(NAME_PREFIX + request.spec().jobName());
        context.setApplicationType(APPLICATION_TYPE);
        context.setQueue(AppMasterOptions.QUEUE.read(conf::get));
        context.setApplicationTags(tags(request.spec().jobName(), conf));
        context.setPriority(Priority.newInstance(AppMasterOptions.PRIORITY.read(conf::get)));
        String amNodeLabel = AppMasterOptions.AM_NODE_LABEL.read(conf::get);
        if (!amNodeLabel.isBlank()) {
            context.setNodeLabelExpression(amNodeLabel);
        }
        context.setAMContainerSpec(am);
        context.setResource(Resource.newInstance((int) Math.ceil(amHeap * 1.25), 1));
        context.setMaxAppAttempts(AppMasterOptions.AM_ATTEMPTS.read(conf::get));
        context.setAttemptFailuresValidityInterval(ATTEMPT_VALIDITY_MS);
        context.setKeepContainersAcrossApplicationAttempts(true);
        return yarn.submitApplication(context);
    }

    /**
     * The delegation tokens the application starts with, obtained as the submitting user: for every
     * file system the job uses (its static tables' need the job's class) and the ResourceManager.
     */
    private static Credentials delegationTokens(YarnClient yarn, Request request, Configuration conf)
            throws IOException, YarnException {
        StreamJob job;
        try {
            job = JobLocator.find(request.spec().jobName(), request.jobJar()).factory().create();
        } catch (UsageException e) {
            throw new IOException(e.getMessage(), e);
        }
        Credentials credentials = DelegationTokens.obtain(DelegationTokens.fileSystems(request.spec(), job, conf), conf);
        DelegationTokens.addResourceManagerToken(yarn, conf, credentials);
        return credentials;
    }

    /** The application's tags: the job's name, then spindle.yarn.tags (YARN lower-cases them). */
    static Set<String> tags(String jobName, Configuration conf) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(jobName);
        for (String tag : AppMasterOptions.TAGS.read(conf::get).split(",")) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        return tags;
    }

    /**
     * Where a submission keeps what it ships ({@value JobSpec#FILE_NAME} and the jars) while the
     * application runs: under its owner's home directory on the default file system.
     */
    static org.apache.hadoop.fs.Path stagingDir(String user, ApplicationId app) {
        return new org.apache.hadoop.fs.Path("/user/" + user + "/.spindle/" + app);
    }

    /** The job spec of a running application, read from its staging directory. */
    static JobSpec readSpec(Configuration conf, String user, ApplicationId app) throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(stagingDir(user, app), JobSpec.FILE_NAME);
        try (java.io.InputStream in = FileSystem.get(conf).open(file)) {
            return JobSpec.read(in);
        } catch (java.io.FileNotFoundException e) {
            throw new IOException(app + " has no job spec at " + FileSystem.get(conf).makeQualified(file)
                    + " (not a Spindle application, or it has ended)", e);
        }
    }

    /** Waits, polling every 500 ms, for the application to end (FINISHED, FAILED or KILLED); its final report. */
    public static ApplicationReport awaitEnd(YarnClient yarn, ApplicationId app, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            ApplicationReport report = yarn.getApplicationReport(app);
            YarnApplicationState state = report.getYarnApplicationState();
            if (state == YarnApplicationState.FINISHED || state == YarnApplicationState.FAILED
                    || state == YarnApplicationState.KILLED) {
                return report;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app + " did not end within " + limit);
            }
            Thread.sleep(500);
        }
    }

    /** The jars a submission ships: every jar of Spindle's lib directory (it holds no Hadoop jar). */
    public static List<Path> libJars(Path libDir) throws IOException {
        if (!Files.isDirectory(libDir)) {
            throw new IOException("Spindle's lib directory " + libDir + " does not exist; build with: "
                    + "mvn -B -ntp -DskipTests package");
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(libDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        return jars;
    }

    private static String upload(FileSystem fs, org.apache.hadoop.fs.Path staging, Path local, String name)
            throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(staging, name);
        try (InputStream in = Files.newInputStream(local);
                OutputStream out = fs.create(target, CheckpointFs.PRIVATE_FILE, true, 64 * 1024,
                        fs.getDefaultReplication(target), fs.getDefaultBlockSize(target), null)) {
            in.transferTo(out);
        }
        return name + "=" + fs.makeQualified(target).toUri();
    }
}
