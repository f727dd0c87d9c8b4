package dev.dmig.feature.mask;

import dev.dmig.plan.ReferencePath;
import java.math.BigDecimal;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One attribute path of a table and what its values become: {@code path} as the source item holds it ({@code email},
 * {@code address.street}, {@code phones[]}); {@code constant}, a {@code constant}'s value; {@code range}, a
 * {@code number}'s noise as a fraction of the value; {@code days}, a {@code date}'s largest shift.
 */
public record MaskRule(ReferencePath path, MaskKind kind, AttributeValue constant, BigDecimal range, int days) {
    static final BigDecimal DEFAULT_RANGE = new BigDecimal("0.1");
    static final int DEFAULT_DAYS = 365;

    /** A rule of a kind without options. */
    static MaskRule of(String path, MaskKind kind) {
        return new MaskRule(ReferencePath.parse(path), kind, null, DEFAULT_RANGE, DEFAULT_DAYS);
    }
}
