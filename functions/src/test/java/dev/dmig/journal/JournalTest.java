package dev.dmig.journal;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.ItemHash;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class JournalTest {
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final Journal journal = new Journal(artifacts);

    private static ObjectNode key(String id) {
        return DynamoJson.item(item("id", s(id)));
    }

    /** An item found in the way, not one the run wrote. */
    private static ItemHash other() {
        return ItemHash.of(Map.of("id", AttributeValue.fromS("other")));
    }

    private static JournalRecord created(String id) {
        return new JournalRecord(JournalRecord.Action.CREATED, key(id), "old-" + id, null);
    }

    private static JournalRecord overwritten(String id, String before) {
        return new JournalRecord(JournalRecord.Action.OVERWRITTEN, key(id), "old-" + id,
                DynamoJson.item(item("id", s(id), "v", s(before), "n", n("1.5"))));
    }

    private static JournalEntry entry(String model, int segment, long seq, JournalRecord... records) {
        return new JournalEntry("run1", model, model + "-prod-NONE", segment, seq, "full", List.of(records));
    }

    @Test
    void entry_roundTrips_gzipped_atItsLayoutKey() {
        JournalEntry entry = entry("Contacts", 2, 7, created("a"), overwritten("b", "before"),
                new JournalRecord(JournalRecord.Action.SKIPPED, key("c"), null, null));
        journal.write(entry);
        String key = "runs/run1/journal/Contacts/2/00000007.json.gz";
        assertThat(artifacts.keys()).containsExactly(key);
        assertThat(RunLayout.journalEntry("run1", "Contacts", 2, 7)).isEqualTo(key);
        byte[] raw = artifacts.get(key).orElseThrow();
        assertThat(raw[0]).isEqualTo((byte) 0x1f);
        assertThat(raw[1]).isEqualTo((byte) 0x8b);
        assertThat(artifacts.contentType(key)).isEqualTo("application/gzip");
        JournalEntry back = journal.read(key).orElseThrow();
        assertThat(back).isEqualTo(entry);
        assertThat(DynamoJson.item(back.records().get(1).preImage())).isEqualTo(item("id", s("b"), "v", s("before"), "n", n("1.5")));
    }

    @Test
    void secondWriteAtTheSameSeq_merges_andEarlierRecordsWinForTheirKeys() {
        journal.write(entry("Contacts", 0, 3, created("a"), overwritten("b", "original")));
        journal.write(entry("Contacts", 0, 3, overwritten("a", "written by the first attempt"),
                overwritten("b", "written by the first attempt"), created("c")));
        JournalEntry merged = journal.read(RunLayout.journalEntry("run1", "Contacts", 0, 3)).orElseThrow();
        assertThat(merged.records()).containsExactly(created("a"), overwritten("b", "original"), created("c"));
        assertThat(journal.entries("run1")).hasSize(1);
    }

    /**
     * An attempt killed after its entry and its writes, before its checkpoint, and the next attempt of the entry reading
     * more of the source: its write at a key the earlier one wrote leaves another state there, which stays the run's.
     */
    @Test
    void secondWriteAtTheSameSeq_leavingAnotherStateAtAKey_keepsThatStateAsALaterWrite() {
        JournalRecord first = new JournalRecord(JournalRecord.Action.CREATED, key("a"), "old-a", null, "hash-1");
        JournalRecord again = new JournalRecord(JournalRecord.Action.CREATED, key("a"), "old-a", null, "hash-2");
        JournalRecord same = new JournalRecord(JournalRecord.Action.CREATED, key("b"), "old-b", null, "hash-b");
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", 1_000_000, 6, "follow", List.of(first, same),
                List.of(), List.of()));
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", 1_000_000, 6, "follow", List.of(again, same),
                List.of(), List.of()));

        JournalEntry stored = journal.read(RunLayout.journalEntry("run1", "Contacts", 1_000_000, 6)).orElseThrow();
        assertThat(stored.records()).containsExactly(first, same);
        assertThat(stored.laterWrites()).containsExactly(new JournalEntry.LaterWrite(key("a"), "hash-2"));
    }

    @Test
    void markLate_leavesAloneWhatWasFoundInTheWay_anItemToCreateLate_aRecordToWriteOverChanged_butTheRunsOwnWriteAsItIs() {
        Map<String, AttributeValue> d = Map.of("id", AttributeValue.fromS("d"), "v", AttributeValue.fromN("1"));
        JournalRecord ownAgain = new JournalRecord(JournalRecord.Action.CREATED, key("d"), "old-d", null, ContentDigest.itemHash(d));
        journal.write(entry("Users", 0, 4, created("a"), overwritten("b", "pre"), created("c"), ownAgain));

        List<com.fasterxml.jackson.databind.JsonNode> marked = journal.markLate("run1", "Users", 0, 4,
                Map.of(Journal.keyId(created("a")), other(), Journal.keyId(overwritten("b", "pre")), other(), Journal.keyId(ownAgain),
                        ItemHash.of(Map.of("id", AttributeValue.fromS("d"), "v", AttributeValue.fromN("1.0")))));

        assertThat(marked).containsExactlyInAnyOrder(key("a"), key("b"));
        assertThat(journal.read(RunLayout.journalEntry("run1", "Users", 0, 4)).orElseThrow().records())
                .extracting(r -> r.key().get("id").get("S").asText() + " " + r.action())
                .containsExactly("a LATE", "b CHANGED", "c CREATED", "d CREATED");
    }

    @Test
    void laterWrites_roundTrip_surviveTheMarksOfLateKeys_andMergeWithAnEarlierAttempts() {
        JournalEntry.LaterWrite first = new JournalEntry.LaterWrite(key("a"), "hash-1");
        JournalEntry.LaterWrite deleted = new JournalEntry.LaterWrite(key("b"), null);
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", 1_000_000, 5, "follow",
                List.of(created("c")), List.of(), List.of(first, deleted)));
        journal.markLate("run1", "Contacts", 1_000_000, 5, Map.of(Journal.keyId(created("c")), other()));
        journal.write(new JournalEntry("run1", "Contacts", "Contacts-prod-NONE", 1_000_000, 5, "follow",
                List.of(created("c")), List.of(), List.of(new JournalEntry.LaterWrite(key("a"), "hash-2"), first)));

        JournalEntry stored = journal.read(RunLayout.journalEntry("run1", "Contacts", 1_000_000, 5)).orElseThrow();
        assertThat(stored.records()).extracting(JournalRecord::action).containsExactly(JournalRecord.Action.LATE);
        assertThat(stored.laterWrites()).containsExactly(first, deleted, new JournalEntry.LaterWrite(key("a"), "hash-2"));
    }

    @Test
    void anEntryWithoutLaterWrites_storesNoneOfThem() throws java.io.IOException {
        journal.write(entry("Contacts", 0, 9, created("a")));
        byte[] stored = artifacts.get(RunLayout.journalEntry("run1", "Contacts", 0, 9)).orElseThrow();
        try (var json = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored))) {
            assertThat(new String(json.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"records\"")
                    .doesNotContain("laterWrites");
        }
        assertThat(journal.read(RunLayout.journalEntry("run1", "Contacts", 0, 9)).orElseThrow().laterWrites()).isEmpty();
    }

    @Test
    void writeKnownToBeFirst_doesNotReadBack() {
        journal.write(entry("Contacts", 0, 4, created("a")), false);
        JournalEntry written = journal.read(RunLayout.journalEntry("run1", "Contacts", 0, 4)).orElseThrow();
        assertThat(written.records()).containsExactly(created("a"));
        assertThat(artifacts.reads()).isEqualTo(1);
    }

    @Test
    void recover_returnsRecordsAtOrAfterASeq_keyedByKey_earliestWinning_andTheSeqsThatHaveAnEntry() {
        journal.write(entry("Contacts", 0, 0, created("a")));
        journal.write(entry("Contacts", 0, 1, created("b")));
        journal.write(entry("Contacts", 0, 2, created("c"), created("b")));
        journal.write(entry("Contacts", 1, 5, created("other-segment")));
        journal.write(entry("ContactsArchive", 0, 3, created("other-model")));
        Journal.Recovery recovery = journal.recover("run1", "Contacts", 0, 1);
        Map<String, JournalRecord> recovered = recovery.records();
        assertThat(recovery.seqs()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(recovered.keySet()).containsExactlyInAnyOrder(Journal.keyId(created("b")), Journal.keyId(created("c")));
        assertThat(recovered.get(Journal.keyId(created("b")))).isEqualTo(created("b"));
        assertThat(journal.recover("run1", "Contacts", 0, 3).records()).isEmpty();
        assertThat(journal.recover("run1", "Contacts", 0, 3).seqs()).isEmpty();
        assertThat(journal.recover("run1", "Contacts", 0, 0).records()).hasSize(3);
    }

    @Test
    void entries_areListedInTableSegmentSeqOrder_andScopedByModelAndSegment() {
        journal.write(entry("B", 0, 10, created("x")));
        journal.write(entry("A", 1, 0, created("x")));
        journal.write(entry("A", 0, 2, created("x")));
        journal.write(entry("A", 0, 1, created("x")));
        journal.write(entry("A", 10, 0, created("x")));
        artifacts.put("runs/run1/journal/A/0/notes.txt", new byte[] {1}, "text/plain");
        assertThat(journal.entries("run1")).containsExactly(
                "runs/run1/journal/A/0/00000001.json.gz", "runs/run1/journal/A/0/00000002.json.gz",
                "runs/run1/journal/A/1/00000000.json.gz", "runs/run1/journal/A/10/00000000.json.gz",
                "runs/run1/journal/B/0/00000010.json.gz");
        assertThat(journal.entries("run1", "A", 1)).containsExactly("runs/run1/journal/A/1/00000000.json.gz");
        assertThat(journal.entries("run1", "B")).containsExactly("runs/run1/journal/B/0/00000010.json.gz");
    }

    @Test
    void keyId_isTheSameForEqualKeys_builtAnyWay() {
        ObjectNode viaJson = (ObjectNode) dev.dmig.json.Json.tree("{\"id\":{\"S\":\"a\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Journal.keyId(new JournalRecord(JournalRecord.Action.CREATED, viaJson, null, null)))
                .isEqualTo(Journal.keyId(created("a")));
    }
}
