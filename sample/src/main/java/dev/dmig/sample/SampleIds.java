package dev.dmig.sample;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/**
 * Derives every ID and every random source from (seed, model, index) alone. Because nothing is
 * remembered, item 70,000 of QuoteItems can name its quote without generating the quotes first,
 * which is what lets the sample stream at benchmark volumes.
 */
final class SampleIds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long seed;

    SampleIds(long seed) {
        this.seed = seed;
    }

    /** The source ID of a model's item: a UUIDv4 string, like those Amplify's clients generate. */
    String id(String model, int index) {
        long state = state(model, index);
        return uuid4(mix(state ^ 0x1D), mix(state ^ 0x2E));
    }

    /** An ID of the model's shape that no generated item carries: the target of a deliberate orphan. */
    String orphanId(String model, int n) {
        return id("orphan:" + model, n);
    }

    /** The random source of one item; each item gets its own so items can be generated in any order. */
    Random random(String model, int index) {
        return new Random(mix(state(model, index) ^ 0x3F));
    }

    /** A stable choice in [0, bound) that two different tables can compute alike, e.g. a quote's project. */
    int pick(String model, int index, String purpose, int bound) {
        return (int) Math.floorMod(mix(state(model, index) ^ fnv1a(purpose)), (long) bound);
    }

    static String uuid4(long high, long low) {
        long versioned = (high & ~0xF000L) | 0x4000L;
        long variant = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(versioned, variant).toString();
    }

    private long state(String model, int index) {
        return mix(mix(seed ^ fnv1a(model)) + index * GOLDEN);
    }

    /** SplitMix64's finaliser: a bijection on longs that scatters nearby inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a(String text) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001B3L;
        }
        return hash;
    }
}
