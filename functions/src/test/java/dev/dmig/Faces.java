package dev.dmig;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What of a package other modules may name ({@link Face}): a public type of a package whose {@code package-info.java}
 * is marked {@code @Face}, every one or the ones it lists, with their nested types. The modules of one package that
 * import nothing of dmig (the executor, the sample app) cannot carry the mark: Java's {@code public} is their face.
 * Shared by this module's {@code ArchitectureTest} (what a feature names of the steps) and the bench's
 * {@code ModuleFacesTest} (what a module names of another), whose class path holds every module.
 */
public final class Faces {
    /** The packages whose public types are their face, said in their package-info's text. */
    static final Set<String> PUBLIC_IS_FACE = Set.of("dev.dmig.executor", "dev.dmig.sample");

    private Faces() {
    }

    /** Whether other modules may name this type: its outermost type is public and its package's face holds it. */
    public static boolean isFace(JavaClass type) {
        JavaClass outermost = type;
        while (outermost.getEnclosingClass().isPresent()) {
            outermost = outermost.getEnclosingClass().get();
        }
        if (!outermost.getModifiers().contains(JavaModifier.PUBLIC)) {
            return false;
        }
        if (PUBLIC_IS_FACE.contains(outermost.getPackageName())) {
            return true;
        }
        Optional<JavaClass[]> listed = listed(outermost.getPackage());
        String name = outermost.getName();
        return listed.isPresent() && (listed.get().length == 0 || Arrays.stream(listed.get()).anyMatch(one -> one.getName().equals(name)));
    }

    /** The types a package's {@code @Face} lists (none: the whole package), or empty when the package has no face. */
    public static Optional<JavaClass[]> listed(JavaPackage javaPackage) {
        return javaPackage.tryGetAnnotationOfType(Face.class.getName()).map(Faces::value);
    }

    private static JavaClass[] value(JavaAnnotation<?> face) {
        return face.get("value").map(JavaClass[].class::cast).orElse(new JavaClass[0]);
    }
}
