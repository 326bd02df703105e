package dev.spindle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;

/**
 * Puts class path entries on HDFS as PUBLIC YARN LocalResources, which is how code reaches a
 * container on a real cluster. A directory of classes is packed into a jar first. Files are
 * named by their content checksum and uploaded once per cluster; PUBLIC resources are
 * downloaded once per NodeManager and shared by every application after that.
 */
final class LocalResourceUploader {
    /** World-readable files under world-executable directories: what PUBLIC visibility requires. */
    private static final FsPermission PUBLIC_DIR = new FsPermission((short) 0755);
    private static final FsPermission PUBLIC_FILE = new FsPermission((short) 0644);

    private final FileSystem fs;
    private final org.apache.hadoop.fs.Path hdfsDir;
    private final Path packDir;

    LocalResourceUploader(FileSystem fs, org.apache.hadoop.fs.Path hdfsDir, Path packDir) {
        this.fs = fs;
        this.hdfsDir = hdfsDir;
        this.packDir = packDir;
    }

    /** The code sources (jar or classes directory) of the given classes, as LocalResources named by file. */
    synchronized Map<String, LocalResource> upload(Class<?>... classes) throws IOException {
        Map<String, LocalResource> resources = new LinkedHashMap<>();
        for (Path source : codeSources(classes)) {
            Path jar = Files.isDirectory(source) ? pack(source) : source;
            resources.putIfAbsent(jar.getFileName().toString(), uploadOnce(jar));
        }
        return resources;
    }

    private LocalResource uploadOnce(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        String stem = name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(
                hdfsDir, stem + "-" + Long.toHexString(crc32c(jar)) + ".jar");
        if (!fs.exists(target)) {
            fs.mkdirs(hdfsDir, PUBLIC_DIR);
            org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(hdfsDir, "." + target.getName() + ".tmp");
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(jar.toUri()), temp);
            fs.setPermission(temp, PUBLIC_FILE);
            if (!fs.rename(temp, target) && !fs.exists(target)) {
                throw new IOException("cannot rename " + temp + " to " + target);
            }
        }
        FileStatus status = fs.getFileStatus(target);
        return LocalResource.newInstance(URL.fromPath(fs.makeQualified(target)), LocalResourceType.FILE,
                LocalResourceVisibility.PUBLIC, status.getLen(), status.getModificationTime());
    }

    /** Packs a classes directory into a jar whose bytes depend only on the directory's contents. */
    private Path pack(Path classesDir) throws IOException {
        Files.createDirectories(packDir);
        String name = classesDir.getParent().getParent().getFileName() + "-" + classesDir.getFileName() + ".jar";
        Path jar = packDir.resolve(name);
        Path temp = packDir.resolve("." + name + ".tmp");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classesDir)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(temp))) {
            for (Path file : files) {
                JarEntry entry = new JarEntry(classesDir.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0);
                out.putNextEntry(entry);
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return Files.move(temp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Path> codeSources(Class<?>... classes) {
        List<Path> sources = new ArrayList<>();
        for (Class<?> c : classes) {
            try {
                Path source = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!sources.contains(source)) {
                    sources.add(source);
                }
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalArgumentException("cannot tell where the code of " + c.getName() + " comes from", e);
            }
        }
        return sources;
    }

    private static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return crc.getValue();
    }
}
