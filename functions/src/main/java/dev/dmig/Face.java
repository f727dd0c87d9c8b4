package dev.dmig;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A package's face: what the other modules of dmig may name of it. On a package ({@code package-info.java}), every
 * public type of the package, or, where {@code value} lists some, those only (with their nested types and members);
 * the rest of a module is its own. A feature author implements the steps' seams, which are in their packages' faces.
 * Kept in the class files only, for the architecture test that checks who names what (docs/development.md, "Faces").
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface Face {
    /** The package's face when it is only part of the package; empty when it is every public type. */
    Class<?>[] value() default {};
}
