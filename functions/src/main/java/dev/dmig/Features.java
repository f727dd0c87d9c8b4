package dev.dmig;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The features this build of dmig has ({@link Feature}), in the order {@code META-INF/services/dev.dmig.Feature} lists
 * them; each step asks for what they add at its seam once, when it lists its own parts there.
 */
public final class Features {
    private static final List<Feature.Parts> ALL = ServiceLoader.load(Feature.class, Feature.class.getClassLoader()).stream()
            .map(provider -> provider.get().parts()).toList();

    private Features() {}

    /** What every feature adds at {@code seam}, feature by feature in the list's order. */
    public static <T> List<T> at(Class<T> seam) {
        return ALL.stream().flatMap(parts -> parts.at(seam).stream()).toList();
    }
}
