package dev.dmig.feature.mask;

import dev.dmig.plan.ReferencePath;
import java.math.BigDecimal;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One attribute path of a table and what its values become: {@code path} as the source item holds it ({@code email},
 * {@code address.street}, {@code phones[]}); {@code constant}, a {@code constant}'s value; {@code range}, a
 * {@code number}'s noise as a fraction of the value; {@code days}, a {@code date}'s largest shift; {@code parts}, for a
 * composite value ({@code USER#<email>}), the parts its patterns mask (null: the whole value is masked as {@code kind},
 * else {@code kind} is its first masked part's).
 */
public record MaskRule(ReferencePath path, MaskKind kind, AttributeValue constant, BigDecimal range, int days, MaskedParts parts) {
    static final BigDecimal DEFAULT_RANGE = new BigDecimal("0.1");
    static final int DEFAULT_DAYS = 365;

    /** A rule of a whole value. */
    public MaskRule(ReferencePath path, MaskKind kind, AttributeValue constant, BigDecimal range, int days) {
        this(path, kind, constant, range, days, null);
    }

    /** A rule of a kind without options. */
    static MaskRule of(String path, MaskKind kind) {
        return new MaskRule(ReferencePath.parse(path), kind, null, DEFAULT_RANGE, DEFAULT_DAYS);
    }

    /**
     * Why two distinct source values may come out as one where a value names its record (a key, a match's natural key),
     * said after the rule's path; null when every value masked stays apart from every other ({@code email}, {@code
     * username}, whose fakes carry 48 bits of the value's hash, in each masked part of a composite value). {@code
     * removeKeepsApart}: where a value may go (a {@code unique} attribute), {@code remove} leaves nothing to collide.
     */
    String merges(boolean removeKeepsApart) {
        if (parts != null) {
            return parts.rules().stream().map(part -> part.merges(removeKeepsApart)).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
        }
        String of = path.text().endsWith("}") ? " (" + path.text().substring(path.text().lastIndexOf('{')) + ")" : "";
        return switch (kind) {
            case EMAIL, USERNAME, KEEP, PLACEHOLDER -> null;
            case REMOVE -> removeKeepsApart ? null : "mask remove leaves it no value";
            case CONSTANT -> "mask constant" + of + " gives every value one";
            default -> "mask " + kind.planName() + of + " can give two source values one masked value";
        };
    }
}
