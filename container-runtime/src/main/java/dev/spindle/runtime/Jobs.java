package dev.spindle.runtime;

import dev.spindle.api.job.JobFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds jobs by name among the {@link JobFactory} implementations on the class path. */
public final class Jobs {
    private Jobs() {}

    /** @throws IllegalArgumentException one line naming the job and the ones known */
    public static JobFactory find(String name) {
        List<String> known = new ArrayList<>();
        for (JobFactory factory : ServiceLoader.load(JobFactory.class)) {
            if (factory.name().equals(name)) {
                return factory;
            }
            known.add(factory.name());
        }
        known.sort(null);
        throw new IllegalArgumentException("unknown job '" + name + "'" + (known.isEmpty() ? ": no jobs on the class path"
                : "; known jobs: " + String.join(", ", known)));
    }
}
