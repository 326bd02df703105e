package dev.spindle.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * Finds the JVMs of YARN containers among the machine's processes. Every process a NodeManager
 * launches carries {@code CONTAINER_ID} in its environment (YARN exports it in the launch
 * script), so the JVM of a container is the {@code java} process whose environment names it.
 * Linux only: reads {@code /proc}.
 */
final class ContainerProcesses {
    private static final Path PROC = Path.of("/proc");
    private static final String CONTAINER_ID_VARIABLE = "CONTAINER_ID=";

    private ContainerProcesses() {}

    /**
     * The container JVMs alive now that run in a directory under {@code workRoot} (the
     * NodeManagers' local dirs of one cluster) and whose container id matches; when a container
     * has several JVMs, its oldest.
     */
    static List<ContainerProcess> find(Path workRoot, Predicate<ContainerId> matching) {
        Map<ContainerId, ContainerProcess> found = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ContainerProcesses::isPidDirectory)) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                containerIdOf(entry)
                        .filter(matching)
                        .filter(id -> isJava(entry) && runsUnder(entry, workRoot))
                        .ifPresent(id -> found.merge(id, new ContainerProcess(id, pid), ContainerProcesses::older));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC, e);
        }
        List<ContainerProcess> processes = new ArrayList<>(found.values());
        processes.sort(Comparator.comparing(ContainerProcess::containerId));
        return processes;
    }

    private static ContainerProcess older(ContainerProcess a, ContainerProcess b) {
        return a.pid() < b.pid() ? a : b;
    }

    private static boolean isPidDirectory(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static Optional<ContainerId> containerIdOf(Path processDir) {
        byte[] environment;
        try {
            environment = Files.readAllBytes(processDir.resolve("environ"));
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // gone, or not ours to read
        }
        for (String variable : new String(environment, StandardCharsets.UTF_8).split("\0")) {
            if (variable.startsWith(CONTAINER_ID_VARIABLE)) {
                try {
                    return Optional.of(ContainerId.fromString(variable.substring(CONTAINER_ID_VARIABLE.length())));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean runsUnder(Path processDir, Path workRoot) {
        try {
            return Files.readSymbolicLink(processDir.resolve("cwd")).startsWith(workRoot);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean isJava(Path processDir) {
        try {
            byte[] commandLine = Files.readAllBytes(processDir.resolve("cmdline"));
            int end = 0;
            while (end < commandLine.length && commandLine[end] != 0) {
                end++;
            }
            String program = new String(commandLine, 0, end, StandardCharsets.UTF_8);
            return program.equals("java") || program.endsWith("/java");
        } catch (IOException e) {
            return false;
        }
    }
}
