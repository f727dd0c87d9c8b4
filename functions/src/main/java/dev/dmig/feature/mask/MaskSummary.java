package dev.dmig.feature.mask;

import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A masked run in {@code analysis.json} ({@code masking}): the variable its key came from and the key's fingerprint (a
 * keyed hash of a fixed text, which tells two keys apart and says neither), and per table how many values it masks, by
 * kind; with the sides' user pools, what became of the source's users ({@link MaskedUsers}); per table with Storage files,
 * which of them the run writes as placeholders, leaves out or copies as they are ({@link MaskedFiles}). Counts and
 * attribute paths only: never a value.
 */
public record MaskSummary(String keyFrom, String keyFingerprint, List<Table> tables, Users users, List<Files> files) {
    /** Its section of the analysis: a line for the key and one per table, after {@code masking:} and under {@code Masked}. */
    static final RunSection<MaskSummary> SECTION = new RunSection<>("masking", MaskSummary.class, "masking", "Masked",
            MaskSummary::lines);

    public MaskSummary {
        tables = List.copyOf(tables);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** One table's file references, by what becomes of their objects: placeholders, none (removed), the files themselves. */
    public record Files(String model, List<String> placeholders, List<String> removed, List<String> kept) {
        public Files {
            placeholders = List.copyOf(placeholders);
            removed = List.copyOf(removed);
            kept = List.copyOf(kept);
        }

        /** {@code table Person: Storage files avatarKey, cv.key as placeholders of their types; idScan left out}. */
        String describe() {
            List<String> what = new ArrayList<>();
            if (!placeholders.isEmpty()) {
                what.add(String.join(", ", placeholders) + " as placeholders of their types");
            }
            if (!removed.isEmpty()) {
                what.add(String.join(", ", removed) + " left out");
            }
            if (!kept.isEmpty()) {
                what.add(String.join(", ", kept) + " copied as they are");
            }
            return "table " + model + ": Storage files " + String.join("; ", what);
        }

        /** Each of {@code plan}'s tables with files, by their rules (a run refused by strict mode decides every file). */
        static List<Files> of(MigrationPlan plan, Collection<TableAnalysis> analysed) {
            List<Files> all = new ArrayList<>();
            for (TableAnalysis analysis : analysed) {
                TablePlan table = plan.table(analysis.model());
                TableMask mask = table.feature(TableMask.class);
                if (table.files().isEmpty() || mask == null) {
                    continue;
                }
                Map<MaskKind, List<String>> byKind = new TreeMap<>();
                mask.rules().stream().filter(rule -> MaskedFiles.ofAFile(table, rule))
                        .forEach(rule -> byKind.computeIfAbsent(rule.kind(), k -> new ArrayList<>()).add(rule.path().text()));
                if (!byKind.isEmpty()) {
                    all.add(new Files(table.model(), byKind.getOrDefault(MaskKind.PLACEHOLDER, List.of()),
                            byKind.getOrDefault(MaskKind.REMOVE, List.of()), byKind.getOrDefault(MaskKind.KEEP, List.of())));
                }
            }
            return all;
        }
    }

    /** One table's masked values, by kind. */
    public record Table(String model, Map<String, Long> values) {
        public Table {
            values = new TreeMap<>(values);
        }

        /** {@code table User: 1,204 email, 1,204 givenName}. */
        String describe() {
            return "table " + model + ": " + values.entrySet().stream().map(kind -> String.format(Locale.ROOT, "%,d %s",
                    kind.getValue(), kind.getKey())).collect(Collectors.joining(", "));
        }
    }

    /**
     * The source pool's users put in the target's masked: how many had a sub, how many the run created, found there under
     * their masked username, mapped to a stand-in (a dry run, which creates none) or left out (their masked username
     * another's).
     */
    public record Users(String sourcePool, String targetPool, int users, int created, int found, int standIns, int apart) {
        /** {@code 3 users of pool eu-west-1_Prod put in pool eu-west-1_Preview masked: 2 created, 1 there already}. */
        String describe() {
            List<String> what = new ArrayList<>();
            if (created > 0 || standIns == 0) {
                what.add(String.format(Locale.ROOT, "%,d created", created));
            }
            if (standIns > 0) {
                what.add(String.format(Locale.ROOT, "%,d to be created by a run that writes", standIns));
            }
            if (found > 0) {
                what.add(String.format(Locale.ROOT, "%,d there already", found));
            }
            if (apart > 0) {
                what.add(String.format(Locale.ROOT, "%,d left out, their masked username another's", apart));
            }
            return String.format(Locale.ROOT, "%,d %s of pool %s put in pool %s masked: %s", users, users == 1 ? "user" : "users",
                    sourcePool, targetPool, String.join(", ", what));
        }
    }

    static MaskSummary of(MaskKey key, MigrationPlan plan, Collection<TableAnalysis> analysed, Users users) {
        List<Table> tables = new ArrayList<>();
        for (TableAnalysis table : analysed) {
            MaskedAnalysis masked = MaskedAnalysis.of(table);
            if (masked != null && !masked.values().isEmpty()) {
                tables.add(new Table(table.model(), masked.values()));
            }
        }
        return new MaskSummary(key.variable(), key.fingerprint(), tables, users, Files.of(plan, analysed));
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("key from " + keyFrom + " (fingerprint " + keyFingerprint + "), " + (tables.isEmpty() ? "no value masked"
                : tables.size() + (tables.size() == 1 ? " table" : " tables") + " masked"));
        tables.forEach(table -> lines.add(table.describe()));
        files.forEach(table -> lines.add(table.describe()));
        if (users != null) {
            lines.add(users.describe());
        }
        return lines;
    }
}
