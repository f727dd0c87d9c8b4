package dev.dmig.validate;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks what a page of copied source records carries beside them (the Storage objects they name) against the target,
 * by asking the table's {@link PageCargo} to compare them: the same seam the copy, a test run and following write it
 * through, so that validation checks what they carried as they carried it. A table that carries nothing has nothing to
 * check.
 */
final class CargoCheck implements CopyCheck {
    private final ItemTransformer transformer;
    private final Function<String, PageCargo> cargoOf;
    private final Map<String, PageCargo> cargoes = new ConcurrentHashMap<>();

    CargoCheck(ItemTransformer transformer, Function<String, PageCargo> cargoOf) {
        this.transformer = transformer;
        this.cargoOf = cargoOf;
    }

    /** Every validation: a table's cargo says whether it carries anything. */
    static void addTo(List<CopyCheck> checks, CopyCheck.Parts parts) {
        checks.add(new CargoCheck(parts.transformer(), parts.reach().cargo()));
    }

    @Override
    public void copied(String model, List<Map<String, AttributeValue>> sources, Findings findings) {
        PageCargo cargo = cargoes.computeIfAbsent(model, cargoOf);
        if (cargo == PageCargo.NONE) {
            return;
        }
        PageCargo.Compared compared = cargo.compare(transformer, model, sources);
        findings.compared(compared);
    }
}
