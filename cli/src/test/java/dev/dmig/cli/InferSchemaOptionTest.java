package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmig infer --schema} refuses what is no app schema as other bad input of infer is refused: one line naming the
 * file, the line and the fix, exit code 2, nothing written. The schema is read before any table: the DynamoDB endpoint
 * named here has nothing listening, and is never reached.
 */
class InferSchemaOptionTest {
    /** A loopback port nothing listens on: reaching it would fail otherwise. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    @TempDir
    Path dir;

    @Test
    void aSchemaThatDoesNotParse_isOneLine_exitTwo_andNothingWritten() throws IOException {
        Path schema = dir.resolve("schema.graphql");
        Files.writeString(schema, "type Task @model {\n  id: ID!\n  title: String!!\n}\n");
        Path evidence = dir.resolve("evidence.json");

        CliRun run = CliRun.execute(List.of("infer", "--source-suffix", "-dev", "--schema", schema.toString(),
                "--evidence", evidence.toString(), "--dynamodb-endpoint", NOWHERE), null);

        assertThat(run.code()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).isEqualTo("error: schema.graphql line 3: not a GraphQL schema (unexpected '!' at column 17): give"
                + " --schema the app's schema.graphql, its amplify/backend/api/<name>/ folder, or amplify_outputs.json\n");
        assertThat(run.out()).isEmpty();
        assertThat(evidence).doesNotExist();
    }

    @Test
    void aFolderWithNoSchema_namesWhatItLookedFor() throws IOException {
        Path api = Files.createDirectories(dir.resolve("backend"));

        CliRun run = CliRun.execute(List.of("infer", "--source-suffix", "-dev", "--schema", api.toString(),
                "--dynamodb-endpoint", NOWHERE), null);

        assertThat(run.code()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).isEqualTo("error: " + api + ": holds no schema.graphql, schema/ folder, amplify_outputs.json or"
                + " amplify/backend/api/: give --schema the app's schema.graphql, its amplify/backend/api/<name>/ folder, or"
                + " amplify_outputs.json\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void suffixesThatBeginWithTheLetterOfHelpOrVersion_areValues() throws IOException {
        Path schema = dir.resolve("schema.graphql");
        Files.writeString(schema, "type Task @model {\n  id: ID!\n  title: String!!\n}\n");

        for (List<String> suffixes : List.of(List.of("--source-suffix", "-hw4abc-dev", "--target-suffix", "-Vq2x-prod"),
                List.of("--source-suffix=-hw4abc-dev", "--target-suffix=-Vq2x-prod"))) {
            List<String> args = new java.util.ArrayList<>(List.of("infer"));
            args.addAll(suffixes);
            args.addAll(List.of("--schema", schema.toString(), "--dynamodb-endpoint", NOWHERE));

            CliRun run = CliRun.execute(args, null);

            // Parsed: infer goes on to read the schema, which it refuses as it would with any suffix.
            assertThat(run.err()).as("%s", suffixes).startsWith("error: schema.graphql line 3:");
            assertThat(run.code()).isEqualTo(ExitCode.INVALID);
        }
    }

    @Test
    void anOptionLeftWithoutItsValue_isNamed() {
        CliRun run = CliRun.execute(List.of("infer", "--source-suffix", "--target-suffix", "-prod",
                "--dynamodb-endpoint", NOWHERE), null);

        assertThat(run.code()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).isEqualTo("error: --source-suffix needs a value; found the option --target-suffix\n"
                + "(dmig infer --help shows the options)\n");
    }
}
