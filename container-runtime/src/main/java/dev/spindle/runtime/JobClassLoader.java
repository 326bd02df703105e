package dev.spindle.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads a user's job jars child-first, as Flink and Hadoop's {@code mapreduce.job.classloader} do:
 * a class the jars hold wins over Spindle's copy of the same library (a job may bring its own
 * Jackson, Guava or Kafka client), except for the classes both sides must share — the JDK, Spindle
 * itself (the job API), Hadoop and the logging facades — which come from Spindle's class path
 * whenever it has them. A job jar that bundles any of those works; its copies are ignored.
 */
public final class JobClassLoader extends URLClassLoader {
    /** Packages always loaded by the parent: what the job and the engine exchange or share. */
    static final List<String> PARENT_FIRST = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "dev.spindle.", "org.apache.hadoop.", "org.slf4j.", "org.apache.log4j.", "org.apache.logging.log4j.");

    static {
        registerAsParallelCapable();
    }

    public JobClassLoader(List<Path> jars, ClassLoader parent) {
        super("spindle-job", urls(jars), parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = parentFirst(name) ? spindleFirst(name) : childFirst(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    /** The parent's class; the jars' only when the parent has none (the examples' own dev.spindle classes). */
    private Class<?> spindleFirst(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notInSpindle) {
            return findClass(name);
        }
    }

    private Class<?> childFirst(String name) throws ClassNotFoundException {
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInJobJars) {
            return getParent().loadClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        if (parentFirst(name.replace('/', '.'))) {
            URL spindles = getParent().getResource(name);
            return spindles != null ? spindles : findResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    /** The job jars' copies first, then the parent's (service files are read from both). */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    static boolean parentFirst(String className) {
        for (String prefix : PARENT_FIRST) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
        return urls;
    }
}
