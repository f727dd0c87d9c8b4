package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dmig} launcher, run as users run it, on a copy of the checkout's launcher and of the built dmig.jar
 * (so that the archive it leaves is this test's own): the class archive is left by the first command after a build
 * that works with data and only after it succeeded, used by the commands that follow, and never heard of on their
 * output, whatever the JDK thinks of it; the heap gets transparent huge pages where the machine gives them on request.
 */
class LauncherIT {
    @TempDir
    Path checkout;

    private Path launcher;
    private Path jar;

    @BeforeEach
    void copyLauncherAndJar() throws IOException {
        String built = System.getProperty("dmig.jar");
        assumeTrue(built != null && Files.isRegularFile(Path.of(built)), "dmig.jar is built by mvn package; run this test with mvn verify");
        Path source = Path.of(built).toAbsolutePath().getParent().getParent().getParent().resolve("dmig");
        assertThat(source).as("the launcher beside the modules").isRegularFile();
        launcher = checkout.resolve("dmig");
        Files.copy(source, launcher);
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        jar = Files.createDirectories(checkout.resolve("cli/target")).resolve("dmig.jar");
        Files.copy(Path.of(built), jar, StandardCopyOption.COPY_ATTRIBUTES);
    }

    @Test
    void firstWorkingCommand_leavesTheArchive_andTheNextCommandsStartFromIt_withNothingOnTheirOutput() throws Exception {
        Run version = run(Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.output()).startsWith("dmig ").hasLineCount(1);
        assertThat(archives()).as("--version loads too little to be recorded").isEmpty();

        Run demo = run(Map.of(), "demo", "--in-memory", "--data-dir", checkout.resolve("data").toString());
        assertThat(demo.code()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("SUCCEEDED").doesNotContain("[warning]").doesNotContain("cds");
        assertThat(archives()).hasSize(1);
        assertThat(leftovers()).isEmpty();

        // The JVM says where each class came from: the top layer of the shared archive is the one the launcher named.
        Run shared = run(Map.of("DMIG_JAVA_OPTIONS", "-Xlog:class+load=info"), "--version");
        assertThat(shared.code()).as(shared.output()).isZero();
        assertThat(shared.output()).contains("dev.dmig.cli.Dmig source: shared objects file (top)").contains("\ndmig ");

        // A rebuilt jar makes the archive stale: it is not used (nor warned about) until a working command leaves another.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Run stale = run(Map.of("DMIG_JAVA_OPTIONS", "-Xlog:class+load=info"), "--version");
        assertThat(stale.code()).isZero();
        assertThat(stale.output()).contains("dev.dmig.cli.Dmig source: file:").doesNotContain("(top)").doesNotContain("[warning]");
    }

    @Test
    void hugePagesForTheHeap_askedForExactlyWhereLinuxGivesThemOnRequest() throws Exception {
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean onRequest = Files.isReadable(setting) && Files.readString(setting).contains("[madvise]");

        Run flags = run(Map.of("DMIG_JAVA_OPTIONS", "-XX:+PrintFlagsFinal"), "--version");

        String expected = onRequest ? "= true +\\{product\\} \\{command line\\}" : "= false";
        assertThat(flags.code()).as(flags.output()).isZero();
        assertThat(flags.output()).containsPattern("bool UseTransparentHugePages +" + expected)
                .doesNotContain("warning").contains("\ndmig ");
    }

    @Test
    void onTwoCoresOrFewer_serialCollectorAndC1Alone_onMore_theJvmsOwnChoices() throws Exception {
        Run two = run(Map.of("DMIG_JAVA_OPTIONS", "-XX:+PrintFlagsFinal", "DMIG_CORES", "2"), "--version");
        Run twoOwnJit = run(Map.of("DMIG_JAVA_OPTIONS", "-XX:+PrintFlagsFinal", "DMIG_CORES", "2", "DMIG_DEFAULT_JIT", "1"), "--version");
        Run eight = run(Map.of("DMIG_JAVA_OPTIONS", "-XX:+PrintFlagsFinal -XX:ActiveProcessorCount=8", "DMIG_CORES", "8"), "--version");

        assertThat(two.code()).as(two.output()).isZero();
        assertThat(two.output()).containsPattern("intx TieredStopAtLevel +:?= 1 +\\{product\\} \\{command line\\}")
                .containsPattern("bool UseSerialGC +:?= true +\\{product\\} \\{command line\\}");
        assertThat(twoOwnJit.code()).as(twoOwnJit.output()).isZero();
        assertThat(twoOwnJit.output()).containsPattern("intx TieredStopAtLevel +:?= 4 +\\{product\\} \\{default\\}")
                .containsPattern("bool UseSerialGC +:?= true +\\{product\\} \\{command line\\}");
        // The JVM's own choice of collector depends on the processors it sees: made to see 8, as on such a machine, G1.
        assertThat(eight.code()).as(eight.output()).isZero();
        assertThat(eight.output()).containsPattern("intx TieredStopAtLevel +:?= 4 +\\{product\\} \\{default\\}")
                .containsPattern("bool UseSerialGC +:?= false")
                .containsPattern("bool UseG1GC +:?= true +\\{product\\} \\{ergonomic\\}");
    }

    @Test
    void failedCommand_leavesNoArchive_andItsOneLineErrorAlone() throws Exception {
        Run bad = run(Map.of(), "analyze", "--plan", checkout.resolve("no-such-plan.json").toString(),
                "--data-dir", checkout.resolve("data").toString());

        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.output().strip()).doesNotContain("\n").contains("no-such-plan.json").doesNotContain("cds");
        assertThat(archives()).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    private record Run(int code, String output) {}

    private Run run(Map<String, String> environment, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        // The jar is as the build left it: the copied checkout has no sources to be newer than it.
        builder.environment().put("DMIG_SKIP_BUILD", "1");
        builder.environment().remove("DMIG_JAVA_OPTIONS");
        builder.environment().putAll(environment);
        // The launcher runs the java on the PATH: this JVM's.
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), new String(output, java.nio.charset.StandardCharsets.UTF_8));
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(jar.getParent())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    /** A command's own archive file, left if it was not renamed into place or deleted. */
    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(jar.getParent())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
