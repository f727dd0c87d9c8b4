package dev.dmig.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README is the front door: small, and every page and anchor it or a docs page links to exists. */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void readme_isUnder12KB_andStartsWithTheTwoCommands() throws IOException {
        Path readme = DeploymentContract.projectRoot().resolve("README.md");
        String text = Files.readString(readme);

        assertThat(Files.size(readme)).isLessThan(12 * 1024);
        int firstCode = text.indexOf("```bash");
        assertThat(text.substring(firstCode)).startsWith("```bash\n./dmig demo").contains("\nmvn -B verify");
    }

    @Test
    void everyRelativeLink_ofTheReadmeAndTheDocs_reachesAFileAndItsHeading() throws IOException {
        Path root = DeploymentContract.projectRoot();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                String[] parts = target.split("#", 2);
                Path file = parts[0].isEmpty() ? page : page.getParent().resolve(parts[0]).normalize();
                if (!Files.exists(file)) {
                    broken.add(root.relativize(page) + ": " + target + " (no such file)");
                } else if (parts.length == 2 && file.toString().endsWith(".md") && !anchors(file).contains(parts[1])) {
                    broken.add(root.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(pages).as("the README links every docs page").allSatisfy(page -> {
            if (!page.getFileName().toString().equals("README.md")) {
                assertThat(Files.readString(root.resolve("README.md"))).contains("(docs/" + page.getFileName() + ")");
            }
        });
    }

    /** GitHub's anchors: the heading in lower case, spaces as '-', punctuation other than '-' and '_' dropped. */
    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(Files.readString(file));
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
