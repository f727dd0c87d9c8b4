package dev.dmig.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The command line's three packages stand on each other (docs/development.md): the commands use what people read
 * ({@code views}) and how runs are reached and followed ({@code runs}); the views use {@code runs}; {@code runs} uses
 * neither, and nothing uses the commands.
 */
class CliLayersTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dmig.cli");

    @Test
    void runs_useNeitherViewsNorCommands() {
        noClasses().that().resideInAPackage("dev.dmig.cli.runs..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dmig.cli", "dev.dmig.cli.views..")
                .check(CLASSES);
    }

    @Test
    void views_doNotUseTheCommands() {
        noClasses().that().resideInAPackage("dev.dmig.cli.views..")
                .should().dependOnClassesThat().resideInAPackage("dev.dmig.cli")
                .check(CLASSES);
    }
}
