package dev.dmig;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What each module names of another is that module's face ({@link Face}, docs/development.md "Faces"): the bench's
 * class path is the one that holds every module, so the rule is checked here, over their main classes (from the
 * reactor's {@code target/classes} or the installed jars, tests left out). The bench's micro-benchmarks
 * ({@code dev.dmig.jmh}) measure internals by name, as tests do, and are not held to it.
 */
class ModuleFacesTest {
    private static final Pattern MODULE = Pattern.compile(
            "/(functions|executor|faults|infer|sample|cli|bench)/target/classes/|/dmig-(functions|executor|faults|infer|sample|cli|bench)-[^/]*(?<!-tests)\\.jar!");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(location -> moduleAt(location.asURI().toString()).isPresent())
            .importPackages("dev.dmig");

    private static Optional<String> moduleAt(String location) {
        Matcher module = MODULE.matcher(location);
        return module.find() ? Optional.of(module.group(1) != null ? module.group(1) : module.group(2)) : Optional.empty();
    }

    private static String moduleOf(JavaClass type) {
        return moduleAt(type.getSource().orElseThrow().getUri().toString()).orElseThrow();
    }

    @Test
    void everyModule_isImported() {
        assertThat(CLASSES.stream().map(ModuleFacesTest::moduleOf).distinct())
                .containsExactlyInAnyOrder("functions", "executor", "faults", "infer", "sample", "cli", "bench");
    }

    @Test
    void noModule_namesAnotherModulesInternals() {
        List<String> internal = new ArrayList<>();
        for (JavaClass type : CLASSES) {
            if (type.getPackageName().startsWith("dev.dmig.jmh")) {
                continue;
            }
            String from = moduleOf(type);
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (CLASSES.contain(target.getName()) && !moduleOf(target).equals(from) && !Faces.isFace(target)) {
                    internal.add(from + " → " + moduleOf(target) + ": " + dependency.getDescription());
                }
            }
        }
        assertThat(internal).as("what a module names of another's internals").isEmpty();
    }
}
