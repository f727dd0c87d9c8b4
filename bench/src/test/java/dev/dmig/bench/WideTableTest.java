package dev.dmig.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.store.ItemSize;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class WideTableTest {
    private static final int SIZE = 2_000;

    @Test
    void items_areAboutOneKilobyte() {
        for (int i = 0; i < SIZE; i += 97) {
            assertThat(ItemSize.of(WideTable.item(i, SIZE))).isBetween(900L, 1_200L);
        }
    }

    @Test
    void items_areAPureFunctionOfSizeAndIndex() {
        assertThat(WideTable.item(123, SIZE)).isEqualTo(WideTable.item(123, SIZE));
        assertThat(WideTable.item(123, SIZE)).isNotEqualTo(WideTable.item(124, SIZE));
    }

    @Test
    void everyReference_resolvesToAnItemOfTheTable() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < SIZE; i++) {
            ids.add(WideTable.id(i));
        }
        MigrationPlan plan = PlanParser.parse(WideTable.plan("-w-dev", "-w-prod"));
        ItemTransformer transformer = new ItemTransformer(plan);
        Set<String> referenced = new HashSet<>();
        for (int i = 0; i < SIZE; i++) {
            transformer.forEachReference(WideTable.MODEL, WideTable.item(i, SIZE), (path, model, id) -> referenced.add(id));
        }
        assertThat(ids).containsAll(referenced);
        assertThat(referenced.size()).isGreaterThan(SIZE / 2);
    }

    @Test
    void theTransformedItem_keepsEveryAttributeAndMapsFiveReferences() {
        MigrationPlan plan = PlanParser.parse(WideTable.plan("-w-dev", "-w-prod"));
        Map<String, AttributeValue> source = WideTable.item(500, SIZE);
        Map<String, AttributeValue> target = new ItemTransformer(plan).transform(WideTable.MODEL, source);
        assertThat(target.keySet()).isEqualTo(source.keySet());
        assertThat(target.get("id")).isNotEqualTo(source.get("id"));
        assertThat(target.get("parentId")).isNotEqualTo(source.get("parentId"));
        assertThat(target.get("meta").m().get("ownerRecordId")).isNotEqualTo(source.get("meta").m().get("ownerRecordId"));
        List<AttributeValue> related = target.get("relatedIds").l();
        assertThat(related).hasSize(3).doesNotContainAnyElementsOf(source.get("relatedIds").l());
        assertThat(target.get("description")).isEqualTo(source.get("description"));
    }

    @Test
    void artifactKinds_comeFromTheRunLayout() {
        assertThat(CountingArtifactStore.kind("runs/r1/journal/Records/0/00000001.json.gz")).isEqualTo("journal");
        assertThat(CountingArtifactStore.kind("runs/r1/manifest.json")).isEqualTo("manifest");
        assertThat(CountingArtifactStore.kind("config/migration.json")).isEqualTo("config");
    }

    @Test
    void rawConfigs_readAsSegmentsTimesWriters() {
        assertThat(RawCopy.Config.parse("4x16")).isEqualTo(new RawCopy.Config(4, 16));
        assertThat(RawCopy.Config.parse("4x16").text()).isEqualTo("4x16");
        assertThat(RawCopy.Config.parse("8x32l500")).isEqualTo(new RawCopy.Config(8, 32, 500, false));
        assertThat(RawCopy.Config.parse("8x32l500").text()).isEqualTo("8x32l500");
        assertThat(RawCopy.Config.parse("2x16l1000k")).isEqualTo(new RawCopy.Config(2, 16, 1000, true));
        assertThat(RawCopy.Config.parse("2x16l1000k").text()).isEqualTo("2x16l1000k");
        assertThat(RawCopy.Config.parse("2x16k")).isEqualTo(new RawCopy.Config(2, 16, 0, true));
    }

    @Test
    void badRawConfig_isRefusedBeforeAnythingStarts() {
        Bench.Options options = new Bench.Options(java.util.List.of(300), java.util.List.of("wide"), 1, java.util.List.of("2x16", "2x16q"),
                "apache", null, null, null, null, 300, 2, null, null, null, null, null, "256m", java.util.List.of(), null, null,
                java.util.List.of("raw"), 0, 0, null, null, null, null, 300, false);
        java.io.StringWriter out = new java.io.StringWriter();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Bench.run(options, new java.io.PrintWriter(out), new java.io.PrintWriter(out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--raw-configs: '2x16q' is not SEGMENTSxWRITERS[lLIMIT][k], such as 2x16l500");
        assertThat(out.toString()).isEmpty();
    }
}
