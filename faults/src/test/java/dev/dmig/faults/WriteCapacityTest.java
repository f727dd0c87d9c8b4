package dev.dmig.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** How the front's capacity admits and counts writes: a full burst, capacity accrued from nothing, and no limit. */
class WriteCapacityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A put of a small item: one unit. */
    private static JsonNode put(int id) {
        ObjectNode request = JSON.createObjectNode();
        request.putObject("PutRequest").putObject("Item").putObject("id").put("S", "item-" + id);
        return request;
    }

    private static JsonNode delete(int id) {
        ObjectNode request = JSON.createObjectNode();
        request.putObject("DeleteRequest").putObject("Key").putObject("id").put("S", "item-" + id);
        return request;
    }

    @Test
    void deletes_areCountedApartFromThePutsAdmittedBesideThem() {
        WriteCapacity capacity = new WriteCapacity(0.001, 5_000);
        assertThat(capacity.admit("T", put(0))).isTrue();
        assertThat(capacity.admit("T", delete(1))).isTrue();
        assertThat(capacity.admit("T", delete(2))).isTrue();
        assertThat(capacity.admit("T", put(3))).isTrue();
        assertThat(capacity.admittedUnits()).isEqualTo(4);
        assertThat(capacity.admittedDeletes()).isEqualTo(2);
    }

    @Test
    void aFullBurst_admitsItsUnitsAtOnce_thenRefuses() {
        WriteCapacity capacity = new WriteCapacity(0.001, 3_000);
        for (int i = 0; i < 3; i++) {
            assertThat(capacity.admit("T", put(i))).as("put %d", i).isTrue();
        }
        assertThat(capacity.admit("T", put(3))).isFalse();
        assertThat(capacity.admittedUnits()).isEqualTo(3);
        assertThat(capacity.written().get("T").refused()).isEqualTo(1);
    }

    /** A table created now has left no capacity unused yet: at a thousandth of a unit a second, not one unit for 1,000 s. */
    @Test
    void capacityAccruedSinceNow_startsEmpty() {
        WriteCapacity capacity = WriteCapacity.accruedSince(0.001, 3_000);
        assertThat(capacity.admit("T", put(0))).isFalse();
        assertThat(capacity.admittedUnits()).isZero();
        assertThat(capacity.refusedItems()).isEqualTo(1);
    }

    @Test
    void unmetered_admitsEverything_andCountsItsUnits_perTable() {
        WriteCapacity capacity = WriteCapacity.unmetered();
        for (int i = 0; i < 10_000; i++) {
            assertThat(capacity.admit(i % 2 == 0 ? "A" : "B", put(i))).isTrue();
        }
        assertThat(capacity.admittedUnits()).isEqualTo(10_000);
        assertThat(capacity.written().get("A").units()).isEqualTo(5_000);
        assertThat(capacity.refusedItems()).isZero();
    }
}
