package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help: the same through --help and through dmig help, whole sentences, exit 0. */
class HelpTest {
    private record Printed(int code, String out, String err) {}

    private static Printed dmig(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dmig.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Printed(code, out.toString(), err.toString());
    }

    private static List<String> commands() {
        return new CommandLine(new Dmig()).getSubcommands().keySet().stream().filter(name -> !name.equals("help")).toList();
    }

    @Test
    void everyCommand_printsTheSameHelp_throughDashDashHelpAndThroughHelp_andExitsZero() {
        assertThat(commands()).contains("analyze", "test", "migrate", "resume", "rollback", "status", "infer");
        for (String command : commands()) {
            Printed dashed = dmig(command, "--help");
            Printed asked = dmig("help", command);

            assertThat(dashed.code()).as("dmig %s --help: %s", command, dashed.err()).isZero();
            assertThat(dashed.err()).as(command).isEmpty();
            assertThat(dashed.out()).as(command).contains("Usage: dmig " + command);
            assertThat(asked.code()).isZero();
            assertThat(asked.out()).as("dmig help %s", command).isEqualTo(dashed.out());
        }
    }

    @Test
    void theCommandList_showsEachCommandsSummary_asAWholeSentence() {
        String help = dmig("--help").out();
        for (String command : commands()) {
            String summary = new CommandLine(new Dmig()).getSubcommands().get(command).getCommandSpec().usageMessage().header()[0];
            assertThat(summary).as(command).endsWith(".");
            String listed = help.substring(help.indexOf("\n  " + command + " ") + 1).split("\n  \\S")[0];
            assertThat(listed.replaceAll("\\s+", " ")).as(command).contains(summary);
        }
    }

    @Test
    void helpTexts_areValidFormatStrings_soPicocliPrintsThemAndNoWarning() {
        // picocli formats every description with String.format; a bare '%' makes it warn on stderr and print it raw.
        for (String command : commands()) {
            var spec = new CommandLine(new Dmig()).getSubcommands().get(command).getCommandSpec();
            List<String> texts = new java.util.ArrayList<>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().header()));
            spec.options().forEach(option -> texts.addAll(List.of(option.description())));
            for (String text : texts) {
                org.assertj.core.api.Assertions.assertThatCode(() -> String.format(text)).as("%s: %s", command, text)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void descriptions_areWholeParagraphs_wrappedByTheHelpItself() {
        for (String command : commands()) {
            String[] description = new CommandLine(new Dmig()).getSubcommands().get(command).getCommandSpec().usageMessage()
                    .description();
            assertThat(description[0]).as("%s: the first paragraph ends a sentence", command).matches("(?s).*[.)]$");
        }
    }

    @Test
    void optionDescriptions_areOneParagraph_soTheHelpWrapsThemWhole() {
        for (String command : commands()) {
            for (var option : new CommandLine(new Dmig()).getSubcommands().get(command).getCommandSpec().options()) {
                // Each element of a description starts a new line: a sentence split across two would break mid-line.
                assertThat(option.description()).as("%s %s", command, option.longestName()).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void version_comesFromTheBuild_onEveryCommand() {
        for (String command : List.of("", "migrate", "status")) {
            StringWriter out = new StringWriter();
            String[] args = command.isEmpty() ? new String[] {"--version"} : new String[] {command, "--version"};
            int code = Dmig.execute(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
            assertThat(code).isZero();
            assertThat(out.toString().strip()).as("dmig %s --version", command).matches("dmig \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        }
    }
}
