package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failing command lines that need no server, each in what it prints: one line naming the cause, never Java's names
 * for things (the ITs check every command line they run the same way, in {@link CliRun#of}); and --debug, which adds them.
 */
class PlainOutputTest {
    @TempDir
    static Path dir;
    private static Path broken;
    private static Path invalid;

    @BeforeAll
    static void plans() throws IOException {
        broken = Files.writeString(dir.resolve("broken.json"), "{\"source\": {\"tableSuffix\": \"-dev\"},\n  \"target\": ");
        invalid = Files.writeString(dir.resolve("invalid.json"), "{\"source\": {\"tableSuffix\": \"-dev\"}, \"target\":"
                + " {\"tableSuffix\": \"-prod\"}, \"onConflict\": \"ignore\", \"tables\": {\"Contacts\": {}}}");
    }

    static Stream<List<String>> failingCommandLines() {
        return Stream.of(
                List.of("migrat"),
                List.of("migrate", "--plan", dir.resolve("missing.json").toString(), "--confirm"),
                List.of("analyze", "--plan", "BROKEN"),
                List.of("analyze", "--plan", "INVALID"),
                List.of("analyze", "--plan", "INVALID", "--output", "json"),
                List.of("analyze", "--no-such-option"),
                List.of("analyze", "--plan", "BROKEN", "--dynamodb-endpoint", "127.0.0.1:8733"),
                List.of("analyze", "--plan", "BROKEN", "--dynamodb-endpoint", "http://[bad"),
                List.of("status", "--run"),
                List.of("infer"),
                List.of("infer", "--source-suffix", "-dev", "--sample", "0"),
                List.of("rollback"));
    }

    @ParameterizedTest
    @MethodSource("failingCommandLines")
    void aFailingCommandLine_saysWhyInWords_neverInJavasNames(List<String> args) {
        CliRun run = CliRun.execute(resolved(args), null);
        assertThat(run.code()).as("%s", args).isNotZero();
        assertThat(run.out() + run.err()).as("%s", args).isNotBlank();
    }

    @Test
    void theCheck_catchesJavasNames() {
        assertThatThrownBy(() -> CliRun.assertPlain(List.of("x"), "ok\nerror: java.lang.IllegalStateException: boom\n"))
                .hasMessage("dmig x printed \"java.\" in: error: java.lang.IllegalStateException: boom");
        CliRun.assertPlain(List.of("x", "--debug"), "java.lang.IllegalStateException");
    }

    /** The check bites on what a refused plan printed before: its failure twice on stderr, in one 2,575-character line. */
    @Test
    void theCheck_catchesAFailureSaidTwice_andALongLine() {
        String problems = String.join("; ", java.util.Collections.nCopies(31, "table T: source table T-nosuch-dev does not exist"));
        String why = "PlanInvalid: 31 problems, nothing was written: " + problems;
        String before = "dmig dry-run: run r on the embedded DynamoDB Local\n  FAIL Analyze             " + why
                + "\n  FAIL PlanInvalid         " + why + "\n";
        assertThatThrownBy(() -> CliRun.assertOnceAndShort(List.of("analyze"), before))
                .hasMessageStartingWith("dmig analyze printed a line of 1653 characters on stderr (at most 300): ");
        String twice = "  FAIL Analyze             StoreUnavailable: S3 unavailable\n  FAIL AnalysisFailed      StoreUnavailable: S3 "
                + "unavailable\n";
        assertThatThrownBy(() -> CliRun.assertOnceAndShort(List.of("analyze"), twice))
                .hasMessage("dmig analyze said this failure twice on stderr:   FAIL AnalysisFailed      StoreUnavailable: S3 unavailable");
        CliRun.assertOnceAndShort(List.of("analyze"), "  FAIL Analyze             StoreUnavailable: S3 unavailable\n  ok   Rollback  1 s\n");
    }

    @Test
    void aMistypedCommand_getsOneLineWithTheCommandMeant() {
        CliRun run = CliRun.execute(List.of("migrat"), null);
        assertThat(run.code()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).isEqualTo("error: unknown command 'migrat'; did you mean 'migrate'? (dmig --help lists the commands)\n");
    }

    @Test
    void aPlanThatIsNoJson_isOneLine_namingTheFileAndWhere() {
        CliRun run = CliRun.execute(List.of("analyze", "--plan", broken.toString()), null);
        assertThat(run.code()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).isEqualTo("error: plan file " + broken + " is not valid JSON (line 2, column 13): the text ends"
                + " inside an object\n");
    }

    @Test
    void withDebug_theStackTraceIsPrintedToo() {
        List<String> args = List.of("--debug", "analyze", "--plan", broken.toString());
        CliRun run = CliRun.execute(args, null);
        assertThat(run.code()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("java.lang.IllegalArgumentException: plan file " + broken).contains("\tat dev.dmig.cli.")
                .endsWith("error: plan file " + broken + " is not valid JSON (line 2, column 13): the text ends"
                        + " inside an object\n");
        assertThat(CliRun.execute(List.of("analyze", "--debug", "--plan", broken.toString()), null).err())
                .contains("\tat dev.dmig.cli.");
    }

    @Test
    void anErrorTypeTheStateMachineReports_isNamedAsACondition() {
        assertThat(Outcome.condition("dev.dmig.analysis.BackupRequiredException")).isEqualTo("BackupRequired");
        assertThat(Outcome.condition("Lambda.ServiceException")).isEqualTo("Lambda.Service");
        assertThat(Outcome.condition("States.TaskFailed")).isEqualTo("States.TaskFailed");
        assertThat(Outcome.condition("java.lang.NullPointerException")).isNull();
        assertThat(Outcome.why("java.lang.IllegalStateException", "table Quotes, segment 1: boom")).isEqualTo("table Quotes, segment 1: boom");
        assertThat(Outcome.why("dev.dmig.analysis.BackupRequiredException",
                "{\"errorMessage\": \"target table T has no way back\", \"errorType\": \"dev.dmig.analysis.BackupRequiredException\"}"))
                .isEqualTo("BackupRequired: target table T has no way back");
        assertThat(Outcome.why("java.lang.NullPointerException", "{\"errorType\": \"java.lang.NullPointerException\","
                + " \"stackTrace\": [\"dev.dmig.X.y(X.java:1)\"]}"))
                .isEqualTo("an unexpected error (a dmig bug if it is not about your setup; --debug shows more)");
        assertThat(Format.plain("cannot convert '1:2' to URI (java.net.URISyntaxException: Illegal character)"))
                .isEqualTo("cannot convert '1:2' to URI (URISyntax: Illegal character)");
    }

    private static List<String> resolved(List<String> args) {
        List<String> line = new ArrayList<>();
        args.forEach(arg -> line.add(arg.equals("BROKEN") ? broken.toString() : arg.equals("INVALID") ? invalid.toString() : arg));
        return line;
    }
}
