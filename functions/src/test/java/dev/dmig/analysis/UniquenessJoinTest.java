package dev.dmig.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The unique-attribute join, fed part by part as the analysis summary reads them. */
class UniquenessJoinTest {

    private static String entry(String value, String targetKey, String item) {
        return UniqueValues.entry(value, targetKey, item);
    }

    @Test
    void valuesSharedAcrossParts_andValuesOtherTargetItemsHold_areCounted_butNotTheRunsOwnRecord() {
        UniquenessJoin join = new UniquenessJoin(List.of("email"));
        join.addSource(Map.of("email", List.of(entry("h1", "t1", "id=a"), entry("h2", "t2", "id=b"))));
        join.addSource(Map.of("email", List.of(entry("h1", "t3", "id=c"), entry("h3", "t4", "id=d"))));
        join.addSource(Map.of("email", List.of(entry("h1", "t5", "id=e"))));
        // h2 sits at its own record's mapped key (t2): the same record. h3 sits at another item's key: a collision.
        join.addTarget(Map.of("email", List.of(entry("h2", "t2", "id=t2"), entry("h3", "x9", "id=x9"), entry("h9", "x8", "id=x8"))));

        assertThat(join.result()).containsExactly(new UniquenessAnalysis("email", 2, 1, List.of(
                "items id=a, id=c, id=e share one value of email in the source",
                "source item id=d would bring a value of email that target item id=x9 already holds")));
    }

    @Test
    void examples_areAtMostFive_takenFromBothKindsInTurn() {
        UniquenessJoin join = new UniquenessJoin(List.of("email", "username"));
        join.addSource(Map.of("email", IntStream.range(0, 20).mapToObj(i -> entry("h" + (i % 10), "t" + i, "id=" + i)).toList()));
        join.addTarget(Map.of("email", IntStream.range(0, 10).mapToObj(i -> entry("h" + i, "x" + i, "id=x" + i)).toList()));

        List<UniquenessAnalysis> result = join.result();

        assertThat(result).extracting(UniquenessAnalysis::attribute).containsExactly("email", "username");
        UniquenessAnalysis email = result.get(0);
        assertThat(email.duplicatesInSource()).isEqualTo(10);
        assertThat(email.existingInTarget()).isEqualTo(10);
        assertThat(email.examples()).hasSize(5);
        assertThat(email.examples().stream().filter(e -> e.endsWith("in the source")).count()).isEqualTo(3);
        assertThat(result.get(1).conflicts()).isZero();
    }
}
