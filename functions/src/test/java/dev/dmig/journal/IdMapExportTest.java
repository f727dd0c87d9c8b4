package dev.dmig.journal;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void anIdASpreadsheetWouldRunAsAFormula_isWrittenEscaped_andOthersAsTheyAre() {
        new Journal(artifacts).write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", 0, 1, "full", List.of(
                created("=HYPERLINK(\"http://x\",\"y\")", "n-1"), created("-12", "n-2"), created("a,b", "@n-3"), created("plain", "n-4"))));
        StringWriter out = new StringWriter();

        long count = new IdMapExport(artifacts).write("run1", "Contacts", "id", out);

        assertThat(count).isEqualTo(4);
        assertThat(out.toString()).isEqualTo("""
                old_id,new_id
                "'=HYPERLINK(""http://x"",""y"")",n-1
                "'-12",n-2
                "a,b","'@n-3"
                plain,n-4
                """);
    }
}
