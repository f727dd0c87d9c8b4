package dev.dmig.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the packaged dmig.jar, which failsafe finds built: it runs after the package phase. */
class ShadedJarIT {
    private static final String SQLITE_LINUX_X86_64 =
            "com/amazonaws/services/dynamodbv2/local/shared/access/sqlite/native/Linux/x86_64/libsqlite4java.so";

    private Path jar;

    @TempDir
    Path tempDir;

    @BeforeEach
    void findJar() {
        String property = System.getProperty("dmig.jar");
        assumeTrue(property != null && Files.isRegularFile(Path.of(property)),
                "dmig.jar is built by mvn package; run this test with mvn verify");
        jar = Path.of(property);
    }

    @Test
    void jar_holdsBothServersTheSqliteLibraryAndOneLoggingBackend() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.dmig.cli.Dmig");
            assertThat(file.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(file.getEntry(SQLITE_LINUX_X86_64)).isNotNull();
            assertThat(file.getEntry("com/amazonaws/services/dynamodbv2/local/main/ServerRunner.class")).isNotNull();
            assertThat(file.getEntry("org/gaul/s3proxy/S3Proxy.class")).isNotNull();
            assertThat(file.getEntry("dev/dmig/embedded/EmbeddedStack.class")).isNotNull();
            assertThat(file.getEntry("simplelogger.properties")).isNotNull();
            assertThat(file.getEntry("org/slf4j/simple/SimpleLogger.class")).isNotNull();
            assertThat(text(file, "META-INF/services/org.apache.logging.log4j.spi.Provider"))
                    .contains("org.apache.logging.slf4j.SLF4JProvider");
            assertThat(text(file, "META-INF/services/software.amazon.awssdk.http.SdkHttpService"))
                    .contains("software.amazon.awssdk.http.apache.ApacheSdkHttpService")
                    .doesNotContain("apache5");
            assertThat(file.getEntry("org/apache/logging/log4j/core/Logger.class")).as("log4j-core").isNull();
            assertThat(file.getEntry("ch/qos/logback/classic/Logger.class")).as("logback").isNull();
            assertThat(file.stream().map(ZipEntry::getName))
                    .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"))
                    .noneMatch(name -> name.endsWith(".so") && !name.startsWith("com/amazonaws/")
                            && !name.startsWith("org/jline/"));
        }
    }

    @Test
    void jar_carriesNoBenchmarkCode() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.stream().map(ZipEntry::getName))
                    .isNotEmpty()
                    .noneMatch(name -> name.startsWith("dev/dmig/bench/") || name.startsWith("dev/dmig/jmh/")
                            || name.startsWith("org/openjdk/jmh/") || name.startsWith("software/amazon/awssdk/http/apache5/")
                            || name.startsWith("org/apache/hc/client5/"));
        }
    }

    @Test
    void stackStartedFromJar_answersBothServices_andPrintsNothingElse_evenOnRefusedWrites() throws Exception {
        assumeTrue(DynamoDbLocalServer.unsupportedPlatform().isEmpty(),
                () -> DynamoDbLocalServer.unsupportedPlatform().orElseThrow());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The probe class comes from the test classes; everything it uses comes from dmig.jar.
        String classpath = jar + File.pathSeparator + System.getProperty("test.classes");
        Path stdoutFile = tempDir.resolve("stdout");
        Path stderrFile = tempDir.resolve("stderr");
        Process process = new ProcessBuilder(java, "-cp", classpath, StackProbe.class.getName())
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile())
                .start();

        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String stdout = Files.readString(stdoutFile);
        String stderr = Files.readString(stderrFile);

        assertThat(exited).as("probe exited").isTrue();
        assertThat(stderr).isEmpty();
        assertThat(stdout).matches("dynamodb=ok s3=ok conflicts=ConditionalCheckFailed,412 startMillis=\\d+ rssMiB=-?\\d+\\R");
        assertThat(process.exitValue()).isZero();
    }

    private static String text(JarFile file, String name) throws IOException {
        ZipEntry entry = file.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = file.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
