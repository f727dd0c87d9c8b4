package dev.dmig.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollback's object counts count objects, not the records that name them: one key named twice is one object. */
class RollbackCountsTest {
    @Test
    void anObjectLeftByTwoRecords_isCountedAndListedOnce() {
        RollbackPart first = new RollbackPart("Photo", 0);
        first.undidObjects(1, 0, List.of("app-prod/public/a.jpg"));
        first.undidObjects(0, 0, List.of("app-prod/public/a.jpg", "app-prod/public/b.jpg"));
        RollbackPart second = new RollbackPart("Photo", 1);
        second.undidObjects(0, 0, List.of("app-prod/public/a.jpg"));
        second.keptObjects(List.of("app-prod/public/c.jpg"));
        RollbackPart third = new RollbackPart("Note", 0);
        third.keptObjects(List.of("app-prod/public/c.jpg", "app-prod/public/c.jpg"));

        RollbackResult result = new RollbackResult("r", "e", null, 0, 0, 0, 0, 0, 0, List.of(), false, null, null)
                .level(List.of(first, second, third));

        assertThat(first.objectsLeft).isEqualTo(2);
        assertThat(result.objectsLeft()).isEqualTo(2);
        assertThat(result.objectsLeftKeys()).containsExactly("app-prod/public/a.jpg", "app-prod/public/b.jpg");
        assertThat(result.objectsKept()).isEqualTo(1);
        assertThat(result.objectsKeptKeys()).containsExactly("app-prod/public/c.jpg");
        assertThat(result.objectsDeleted()).isEqualTo(1);
    }
}
