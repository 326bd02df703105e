package dev.spindle.runtime;

import dev.spindle.api.job.JobFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/** Finds jobs by name among the {@link JobFactory} implementations a class loader sees. */
public final class Jobs {
    /**
     * The job's jars in a container's working directory, as comma-separated link names: set by the
     * submitter for the ApplicationMaster and passed on to every executor. They are not on the
     * container's class path; {@link #findInContainer} loads them child-first.
     */
    public static final String JOB_JARS_ENV = "SPINDLE_JOB_JARS";

    private Jobs() {}

    /** A job on Spindle's own class path. */
    public static JobFactory find(String name) {
        return find(name, Jobs.class.getClassLoader());
    }

    /** @throws IllegalArgumentException one line naming the job and the ones known */
    public static JobFactory find(String name, ClassLoader loader) {
        List<String> known = new ArrayList<>();
        for (JobFactory factory : ServiceLoader.load(JobFactory.class, loader)) {
            if (factory.name().equals(name)) {
                return factory;
            }
            known.add(factory.name());
        }
        known.sort(null);
        throw new IllegalArgumentException("unknown job '" + name + "'" + (known.isEmpty() ? ": no jobs on the class path"
                : "; known jobs: " + String.join(", ", known)));
    }

    /**
     * In a container: the job, from the jars {@value #JOB_JARS_ENV} names under a {@link JobClassLoader}
     * (or Spindle's class path when it names none), which also becomes this thread's context class
     * loader, so threads started from here on run the job's code with it.
     */
    public static JobFactory findInContainer(String name) {
        ClassLoader loader = Jobs.class.getClassLoader();
        String jars = System.getenv(JOB_JARS_ENV);
        if (jars != null && !jars.isBlank()) {
            loader = new JobClassLoader(Arrays.stream(jars.split(",")).map(Path::of).toList(), loader);
        }
        Thread.currentThread().setContextClassLoader(loader);
        return find(name, loader);
    }
}
