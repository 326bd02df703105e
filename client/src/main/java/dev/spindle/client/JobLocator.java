package dev.spindle.client;

import dev.spindle.api.job.JobFactory;
import dev.spindle.runtime.JobClassLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Finds a job by name, in a given jar (loaded child-first, as the containers will load it) or among
 * the jobs on Spindle's class path, and the jar to ship for it.
 */
public final class JobLocator {
    private JobLocator() {}

    /** A job's factory and the jar that holds it. */
    public record Located(JobFactory factory, Path jar) {}

    /** @throws UsageException one line: the jar is missing, or no job of that name is in it */
    public static Located find(String name, Path jar) throws UsageException, IOException {
        if (jar != null) {
            if (!Files.isRegularFile(jar)) {
                throw new UsageException("job jar " + jar + " does not exist");
            }
            ClassLoader loader = new JobClassLoader(List.of(jar), JobLocator.class.getClassLoader());
            List<String> known = new ArrayList<>();
            for (JobFactory factory : ServiceLoader.load(JobFactory.class, loader)) {
                if (factory.name().equals(name)) {
                    return new Located(factory, jar);
                }
                known.add(factory.name());
            }
            throw new UsageException("job jar " + jar + " has no job '" + name + "'"
                    + (known.isEmpty() ? "" : "; it has: " + String.join(", ", known)));
        }
        JobFactory factory;
        try {
            factory = dev.spindle.runtime.Jobs.find(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + "; give the job's jar with --jar");
        }
        return new Located(factory, jarOf(factory.getClass()));
    }

    /** The jar a class was loaded from; a classes directory (a development build) is packed into one. */
    static Path jarOf(Class<?> type) throws IOException {
        Path source = SpindleHome.codeSource(type);
        if (source == null) {
            throw new IOException("cannot tell where " + type.getName() + " comes from");
        }
        if (Files.isRegularFile(source)) {
            return source;
        }
        Path jar = Files.createTempFile("spindle-job-", ".jar");
        jar.toFile().deleteOnExit();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path entry : files) {
                out.putNextEntry(new JarEntry(source.relativize(entry).toString().replace('\\', '/')));
                Files.copy(entry, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
