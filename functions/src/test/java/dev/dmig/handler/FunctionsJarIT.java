package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda deployment unit as built: every handler inside, and nothing of the local tooling —
 * no emulator, no CLI library, no test class — so what runs on AWS is only what it needs.
 */
class FunctionsJarIT {
    private static final List<String> FORBIDDEN = List.of("com/amazonaws/services/dynamodbv2/local/", "org/gaul/",
            "picocli/", "me/tongfei/", "org/junit/", "org/assertj/", "com/almworks/sqlite4java/", "dev/dmig/executor/",
            "dev/dmig/cli/", "dev/dmig/embedded/", "dev/dmig/sample/", "dev/dmig/store/InMemory", "io/netty/",
            "software/amazon/awssdk/http/apache5/");

    private static final String SDK_POMS = "META-INF/maven/software.amazon.awssdk/";

    private static Path jar() {
        Path jar = Path.of(System.getProperty("functions.jar", "target/functions.jar"));
        assertThat(jar).exists();
        return jar;
    }

    @Test
    void holdsTheHandlers_andNoEmulatorCliOrTestClasses() throws IOException {
        Path jar = jar();
        List<String> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(entries::add);
        }
        for (String handler : List.of("Analyze", "TestRecords", "MigrateSegment", "Validate", "Rollback", "Finalize", "Recover")) {
            assertThat(entries).contains("dev/dmig/handler/" + handler + "Handler.class");
        }
        assertThat(entries).contains("com/amazonaws/services/lambda/runtime/RequestHandler.class");
        for (String prefix : FORBIDDEN) {
            assertThat(entries).as("entries starting with %s", prefix).noneMatch(e -> e.startsWith(prefix));
        }
        // 25 MiB until masking's fake values (Datafaker, its English names, addresses and Lorem ipsum: 1.6 MB) joined it, 27
        // until the Secrets Manager client a masked run's key is read with on AWS (0.7 MB) did.
        assertThat(Files.size(jar)).as("functions.jar bytes").isLessThan(28L * 1024 * 1024);
    }

    /** Every AWS SDK module inside is the parent POM's one version. */
    @Test
    void holdsOneAwsSdkVersion_theParentPomsBom() throws IOException {
        String bom = System.getProperty("awssdk.version");
        assertThat(bom).as("system property awssdk.version (set by the POM)").isNotBlank();
        Map<String, String> versions = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar().toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith(SDK_POMS)
                    && e.getName().endsWith("/pom.properties")).toList()) {
                Properties properties = new Properties();
                try (InputStream in = zip.getInputStream(entry)) {
                    properties.load(in);
                }
                versions.put(properties.getProperty("artifactId"), properties.getProperty("version"));
            }
        }
        assertThat(versions).containsKeys("dynamodb", "s3", "sfn", "lambda", "apache-client", "sdk-core");
        assertThat(versions).allSatisfy((module, version) -> assertThat(version).as(module).isEqualTo(bom));
    }
}
