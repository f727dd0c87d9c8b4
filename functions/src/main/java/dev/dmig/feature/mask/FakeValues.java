package dev.dmig.feature.mask;

import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Datafaker's fakes seeded by a value's hash: one Faker per thread, made once (making one costs far more than a value),
 * its {@link Random} seeded again for each value, so that a fake depends on its seed alone.
 */
final class FakeValues {
    private static final ThreadLocal<FakeValues> PER_THREAD = ThreadLocal.withInitial(FakeValues::new);

    private final Random random = new Random(0);
    private final Faker faker = new Faker(Locale.ENGLISH, random);

    private FakeValues() {}

    /** This thread's fakes, seeded with {@code seed}. */
    static Faker seeded(long seed) {
        FakeValues values = PER_THREAD.get();
        values.random.setSeed(seed);
        return values.faker;
    }
}
