package dev.dmig.journal;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.run.RunLayout;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.InMemoryArtifactStore;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdMapExportTest {
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();

    private static JournalRecord created(String oldId, String newId) {
        return new JournalRecord(JournalRecord.Action.CREATED, DynamoJson.item(item("id", s(newId))), oldId, null);
    }

    private static JournalRecord written(String oldId, String newId) {
        return new JournalRecord(JournalRecord.Action.CREATED, DynamoJson.item(item("id", s(newId))), oldId, null, "h-" + newId);
    }

    private static JournalEntry.LaterWrite later(String newId, String written) {
        return new JournalEntry.LaterWrite(DynamoJson.item(item("id", s(newId))), written);
    }

    /**
     * A followed run's map lists what the target holds of the run: a key following deleted last (a copied item the source
     * deleted, one following added and deleted again) is left out and counted; one deleted and written again is listed.
     */
    @Test
    void keysFollowingDeletedLast_areLeftOutAndCounted_oneWrittenAgainIsListed() {
        Journal journal = new Journal(artifacts);
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", 0, 1, "full", List.of(
                written("o-1", "n-1"), written("o-2", "n-2"), written("o-3", "n-3"), written("o-4", "n-4"))));
        int following = RunLayout.FOLLOW_SEGMENT;
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", following, 1, "full",
                List.of(written("o-5", "n-5"), written("o-6", "n-6")), List.of(), List.of(later("n-2", null), later("n-3", null))));
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", following, 2, "full", List.of(), List.of(),
                List.of(later("n-5", null), later("n-3", "h-again"))));
        StringWriter out = new StringWriter();

        IdMapExport.Written written = new IdMapExport(artifacts).write("run1", "Contacts", "id", out);

        assertThat(written).isEqualTo(new IdMapExport.Written(4, 2));
        assertThat(out.toString()).isEqualTo("""
                old_id,new_id
                o-1,n-1
                o-3,n-3
                o-4,n-4
                o-6,n-6
                """);
    }

    @Test
    void anIdASpreadsheetWouldRunAsAFormula_isWrittenEscaped_andOthersAsTheyAre() {
        new Journal(artifacts).write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", 0, 1, "full", List.of(
                created("=HYPERLINK(\"http://x\",\"y\")", "n-1"), created("-12", "n-2"), created("a,b", "@n-3"), created("plain", "n-4"))));
        StringWriter out = new StringWriter();

        IdMapExport.Written written = new IdMapExport(artifacts).write("run1", "Contacts", "id", out);

        assertThat(written).isEqualTo(new IdMapExport.Written(4, 0));
        assertThat(out.toString()).isEqualTo("""
                old_id,new_id
                "'=HYPERLINK(""http://x"",""y"")",n-1
                "'-12",n-2
                "a,b","'@n-3"
                plain,n-4
                """);
    }
}
