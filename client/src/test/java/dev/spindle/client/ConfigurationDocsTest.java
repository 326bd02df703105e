package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocsTest {
    @Test
    void docsConfigurationMdIsGeneratedFromTheCurrentDeclarations() throws Exception {
        Path docs = Path.of("..", "docs", "configuration.md");
        assertEquals(ConfigurationDocs.markdown(), Files.readString(docs),
                "docs/configuration.md is stale: run sbin/spindle-docs after a build");
    }
}
