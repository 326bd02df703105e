package dev.spindle.client;

import dev.spindle.api.config.InvalidSettingException;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local files a job's Kafka client settings name, which {@code spindle-submit} ships to the
 * containers, and those settings rewritten to name the shipped copies. The files are: each file of
 * a {@code ${PROVIDER:PATH:key}} reference whose provider is Kafka's {@code FileConfigProvider}
 * (the secrets), {@code ssl.truststore.location}, {@code ssl.keystore.location}, and a
 * {@code keyTab="PATH"} in {@code sasl.jaas.config}. Each file, however often named, ships once as
 * {@code kafka-<n>-<file name>}: a private file of the staging directory, localized with
 * APPLICATION visibility into every container's working directory, where the rewritten setting
 * finds it by that relative name. Other providers' references ({@code ${dir:...}},
 * {@code ${env:...}}) are left as they are: what they name must be on every node.
 */
final class KafkaClientFiles {
    private static final String PREFIX = KafkaClientSettings.PREFIX;
    /** Kafka's variable syntax ({@code ConfigTransformer}): {@code ${provider:path:key}}, or {@code ${provider:key}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*?):(([^}]*?):)?([^}]*?)\\}");
    private static final Pattern KEYTAB = Pattern.compile("(?i)(\\bkeyTab\\s*=\\s*\")([^\"]+)(\")");
    private static final Set<String> LOCATION_KEYS =
            Set.of(PREFIX + "ssl.truststore.location", PREFIX + "ssl.keystore.location");

    private final Map<String, Path> files;
    private final Map<String, String> rewritten;

    private KafkaClientFiles(Map<String, Path> files, Map<String, String> rewritten) {
        this.files = Collections.unmodifiableMap(files);
        this.rewritten = Collections.unmodifiableMap(rewritten);
    }

    /**
     * The files {@code settings} (a job spec's {@code spindle.*} settings) name.
     *
     * @throws InvalidSettingException one line naming the setting and the file, when a named file
     *     is not a readable file on this machine
     */
    static KafkaClientFiles of(Map<String, String> settings) {
        Naming naming = new Naming();
        Set<String> fileProviders = fileProviders(settings);
        Map<String, String> rewritten = new TreeMap<>();
        for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
            String name = setting.getKey();
            if (!name.startsWith(PREFIX) || setting.getValue() == null) {
                continue;
            }
            String value = setting.getValue();
            String shipped;
            if (LOCATION_KEYS.contains(name) && !value.isBlank() && !value.contains("${")) {
                shipped = naming.shippedName(name, value.trim());
            } else {
                shipped = rewriteReferences(name, value, fileProviders, naming);
                if (name.equals(PREFIX + "sasl.jaas.config")) {
                    shipped = rewriteKeyTabs(name, shipped, naming);
                }
            }
            if (!shipped.equals(value)) {
                rewritten.put(name, shipped);
            }
        }
        return new KafkaClientFiles(naming.files, rewritten);
    }

    /** The files to ship: the name each has in the containers, and where it is here. */
    Map<String, Path> files() {
        return files;
    }

    /** The settings that name a shipped file, with the containers' name in place of the local path. */
    Map<String, String> rewrittenSettings() {
        return rewritten;
    }

    /** {@code spec} with the settings that name a shipped file rewritten. */
    JobSpec rewrite(JobSpec spec) {
        JobSpec result = spec;
        for (Map.Entry<String, String> setting : rewritten.entrySet()) {
            result = result.withSetting(setting.getKey(), setting.getValue());
        }
        return result;
    }

    /** The names under which {@code config.providers} lists Kafka's FileConfigProvider. */
    private static Set<String> fileProviders(Map<String, String> settings) {
        Set<String> names = new TreeSet<>();
        for (String provider : settings.getOrDefault(PREFIX + "config.providers", "").split(",")) {
            String className = settings.get(PREFIX + "config.providers." + provider.trim() + ".class");
            if (!provider.isBlank() && KafkaClientSettings.FILE_CONFIG_PROVIDER.equals(className == null ? null
                    : className.trim())) {
                names.add(provider.trim());
            }
        }
        return names;
    }

    private static String rewriteReferences(String setting, String value, Set<String> fileProviders,
            Naming naming) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String provider = reference.group(1);
            String path = reference.group(3);
            String replacement = reference.group();
            if (fileProviders.contains(provider) && path != null && !path.isBlank()) {
                replacement = "${" + provider + ":" + naming.shippedName(setting, path) + ":" + reference.group(4) + "}";
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        reference.appendTail(out);
        return out.toString();
    }

    private static String rewriteKeyTabs(String setting, String value, Naming naming) {
        Matcher keyTab = KEYTAB.matcher(value);
        StringBuilder out = new StringBuilder();
        while (keyTab.find()) {
            String replacement = keyTab.group(2).contains("${") ? keyTab.group()
                    : keyTab.group(1) + naming.shippedName(setting, keyTab.group(2)) + keyTab.group(3);
            keyTab.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        keyTab.appendTail(out);
        return out.toString();
    }

    /** Gives each distinct local file one shipped name, numbered in order of first mention. */
    private static final class Naming {
        final Map<String, Path> files = new LinkedHashMap<>();
        private final Map<Path, String> names = new LinkedHashMap<>();

        String shippedName(String setting, String localPath) {
            Path file = Path.of(localPath).toAbsolutePath().normalize();
            String known = names.get(file);
            if (known != null) {
                return known;
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new InvalidSettingException("setting '" + setting + "' names " + file + ", which is not a readable"
                        + " file here: spindle-submit ships it to the containers");
            }
            String name = "kafka-" + (names.size() + 1) + "-"
                    + file.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            names.put(file, name);
            files.put(name, file);
            return name;
        }
    }
}
