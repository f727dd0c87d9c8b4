package dev.dmig.feature.mask;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * A number's stable noise: the value moved by up to {@code range} of itself, up or down, by a fraction its hash draws,
 * kept to its own decimal places; at least one unit of its last place, so that it never stays what it was (zero becomes
 * one unit up or down).
 */
final class Numbers {
    private static final long STEPS = 1_000_000;

    private Numbers() {}

    static String noisy(KeyedHash hash, BigDecimal value, BigDecimal range) {
        BigDecimal plain = value.stripTrailingZeros();
        ByteBuffer bytes = hash.of(MaskKind.NUMBER, plain.toPlainString(), 0);
        BigDecimal fraction = BigDecimal.valueOf(bytes.getLong(8) % STEPS, 6);
        int scale = Math.max(0, plain.scale());
        BigDecimal moved = value.add(value.abs().multiply(range).multiply(fraction)).setScale(scale, RoundingMode.HALF_EVEN);
        if (moved.compareTo(value) == 0) {
            BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
            moved = fraction.signum() < 0 ? value.subtract(unit) : value.add(unit);
        }
        return moved.stripTrailingZeros().toPlainString();
    }
}
