package dev.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.job.JobFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job jar that brings its own copy of a library Spindle also has gets its copy; one that bundles
 * Spindle's own classes gets Spindle's; the job's service files are read. Jars are compiled here.
 */
class JobClassLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theJobsCopyOfALibraryWinsButSpindlesOwnClassesComeFromSpindle() throws Exception {
        Path spindleSide = jar("spindle-side", Map.of(
                "org/example/lib/Version.java", "package org.example.lib; public class Version {"
                        + " public static String of() { return \"spindle's 1.0\"; } }"));
        Path jobJar = jar("job", Map.of(
                "org/example/lib/Version.java", "package org.example.lib; public class Version {"
                        + " public static String of() { return \"the job's 2.0\"; } }",
                // a fat jar that bundled (a copy of) Spindle's API: ignored, the engine's class is used
                "dev/spindle/api/job/JobFactory.java", "package dev.spindle.api.job; public interface JobFactory {}"));
        try (URLClassLoader spindle = new URLClassLoader(new URL[] {spindleSide.toUri().toURL()},
                JobClassLoaderTest.class.getClassLoader());
                JobClassLoader job = new JobClassLoader(List.of(jobJar), spindle)) {
            assertEquals("spindle's 1.0", version(spindle));
            assertEquals("the job's 2.0", version(job));
            assertSame(JobFactory.class, job.loadClass(JobFactory.class.getName()));
            assertSame(String.class, job.loadClass("java.lang.String"));
            // a class only Spindle has still loads, from Spindle
            assertSame(Jobs.class, job.loadClass(Jobs.class.getName()));
            assertTrue(job.getResource("org/example/lib/Version.class").toString().contains("job.jar"));
        }
    }

    @Test
    void jobsAreFoundInTheJobsJarEvenInSpindlesPackagesAndOnSpindlesClassPath() throws Exception {
        Path jobJar = jar("job", Map.of(
                "dev/spindle/examples/mine/MyJob.java", "package dev.spindle.examples.mine; public class MyJob implements dev.spindle.api.job.JobFactory {"
                        + " public String name() { return \"my-job\"; }"
                        + " public dev.spindle.api.job.StreamJob create() { throw new UnsupportedOperationException(); } }",
                "META-INF/services/dev.spindle.api.job.JobFactory", "dev.spindle.examples.mine.MyJob\n"));
        try (JobClassLoader loader = new JobClassLoader(List.of(jobJar), JobClassLoaderTest.class.getClassLoader())) {
            JobFactory mine = Jobs.find("my-job", loader);
            assertSame(loader, mine.getClass().getClassLoader());
            // the examples are on this test's class path: the parent's services are still read
            assertNotNull(Jobs.find("clickstream", loader));
            assertTrue(Collections.list(loader.getResources("META-INF/services/dev.spindle.api.job.JobFactory")).size() >= 2);
        }
    }

    private static String version(ClassLoader loader) throws Exception {
        return (String) loader.loadClass("org.example.lib.Version").getMethod("of").invoke(null);
    }

    /** Compiles the {@code .java} entries against this test's class path and jars them with the other entries. */
    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path sources = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> javaFiles = new java.util.ArrayList<>();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            Path file = (entry.getKey().endsWith(".java") ? sources : classes).resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
            if (entry.getKey().endsWith(".java")) {
                javaFiles.add(file.toString());
            }
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new java.util.ArrayList<>(List.of("-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        arguments.addAll(javaFiles);
        assertEquals(0, compiler.run(null, null, null, arguments.toArray(String[]::new)), "compiled " + name);
        Path jar = dir.resolve(name + "/" + (name.equals("job") ? "job.jar" : name + ".jar"));
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path entry : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(entry).toString()));
                Files.copy(entry, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
