package dev.dmig.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.dmig.cli.Dmig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code dmig} command docs/preview.md shows, the GitHub Actions workflow's included, is one dmig's command line
 * takes as written: a known command, known options, each with its value (an option it does not know fails). The
 * workflow's shell and GitHub expressions ({@code "$PREVIEW"}, <code>${{ secrets.X }}</code>) stand for values.
 */
class PreviewRecipeTest {
    private static final Pattern BLOCK = Pattern.compile("```(?:sh|yaml|bash)\n(.*?)```", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

    private static String page() throws Exception {
        return Files.readString(DeploymentContract.projectRoot().resolve("docs/preview.md"));
    }

    /** The dmig command lines of the page's code blocks, each as its words, continuation lines joined, comments left out. */
    static List<List<String>> commands(String page) {
        List<List<String>> commands = new ArrayList<>();
        Matcher block = BLOCK.matcher(page);
        while (block.find()) {
            String joined = block.group(1).replace("\\\n", " ");
            for (String line : joined.split("\n")) {
                String command = line.strip().replaceFirst("^(- )?(run: )?", "");
                if (!command.startsWith("dmig ")) {
                    continue;
                }
                command = command.replaceAll("\\s+#.*$", "").replaceAll("\\$\\{\\{[^}]*}}", "x").replaceAll("\\$\\w+", "x");
                List<String> words = new ArrayList<>();
                Matcher word = WORD.matcher(command);
                while (word.find()) {
                    words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
                }
                commands.add(words.subList(1, words.size()));
            }
        }
        return commands;
    }

    @Test
    void everyDmigCommandOfThePage_theWorkflowsToo_parsesAsWritten() throws Exception {
        String page = page();
        List<List<String>> commands = commands(page);
        assertThat(commands).extracting(words -> String.join(" ", words))
                .contains("migrate --plan preview.json --refresh --confirm --no-backup",
                        "migrate --aws --plan preview.json --refresh --confirm --no-backup",
                        "analyze --plan preview.json --refresh");
        for (List<String> words : commands) {
            CommandLine line = Dmig.configure(new CommandLine(new Dmig()), new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()));
            assertThatCode(() -> line.parseArgs(words.toArray(String[]::new))).as("dmig " + String.join(" ", words))
                    .doesNotThrowAnyException();
        }
        // The check can fail: an option dmig does not know is refused.
        CommandLine line = Dmig.configure(new CommandLine(new Dmig()), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertThatCode(() -> line.parseArgs("migrate", "--plan", "p.json", "--refresh-all"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void theWorkflow_refreshesOnEveryChangeOfThePullRequest_removesOnClose_andKeepsSecretsInGitHubs() throws Exception {
        String page = page();
        String workflow = page.substring(page.indexOf("## Per pull request"));
        workflow = workflow.substring(workflow.indexOf("```yaml"), workflow.indexOf("```\n", workflow.indexOf("```yaml") + 7) + 4);
        assertThat(workflow).contains("types: [opened, synchronize, reopened, closed]")
                .contains("if: github.event.action != 'closed'").contains("if: github.event.action == 'closed'")
                .contains("uses: aws-actions/configure-aws-credentials@").contains("id-token: write")
                .contains("role-to-assume: ${{ secrets.").contains("MaskKeySecretArn=\"${{ secrets.")
                .doesNotContain("aws-access-key-id").doesNotContain("aws-secret-access-key");
        assertThat(commands(workflow)).hasSize(2);
    }

    @Test
    void theCommandsAreReadAsAShellReadsThem() {
        String page = "```yaml\n        run: dmig infer --out \"$OUT\" \\\n  --mask   # why\n```\n```sh\nls\n```\n";
        assertThat(commands(page)).containsExactly(List.of("infer", "--out", "x", "--mask"));
    }
}
