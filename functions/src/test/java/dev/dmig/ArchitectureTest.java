package dev.dmig;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The functions module's packages on floors: a class may use classes of its own package and of lower floors only, so the
 * core has no cycle and no package reaches up (store never knows of a plan, a plan never of a run, nothing of the
 * handlers). Each package's {@code package-info.java} says its floor; docs/development.md draws the table.
 */
class ArchitectureTest {
    /** Each package's floor; the root package ({@code dev.dmig}: Settings, Tasks, RefusedException) is on the ground. */
    static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("", 0), Map.entry("json", 0), Map.entry("csv", 0), Map.entry("idmapping", 0),
            Map.entry("store", 1),
            Map.entry("plan", 2),
            Map.entry("files", 3), Map.entry("run", 3),
            Map.entry("identity", 4), Map.entry("journal", 4),
            Map.entry("migrate", 5),
            Map.entry("analysis", 7),
            Map.entry("validate", 8), Map.entry("rollback", 8),
            Map.entry("report", 9),
            Map.entry("handler", 10), Map.entry("artifacts", 10));

    /** Every feature's package ({@code feature.X}) is on this floor, beside report: above the steps whose seams it implements. */
    static final int FEATURE_FLOOR = 9;

    private static int floor(String name) {
        return name.startsWith("feature.") ? FEATURE_FLOOR : FLOORS.getOrDefault(name, 0);
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dmig");

    /** A class's package below {@code dev.dmig}: its first name, or for a feature its two ({@code feature.datastore}). */
    private static String packageOf(JavaClass type) {
        String name = type.getPackageName();
        if (name.equals("dev.dmig")) {
            return "";
        }
        String[] names = name.substring("dev.dmig.".length()).split("\\.");
        return names[0].equals("feature") && names.length > 1 ? "feature." + names[1] : names[0];
    }

    @Test
    void everyPackage_hasAFloor_andAPackageInfoSayingIt() {
        Set<String> packages = CLASSES.stream().map(ArchitectureTest::packageOf).collect(Collectors.toCollection(TreeSet::new));

        assertThat(FLOORS.keySet()).as("a new package needs its floor here and in its package-info")
                .containsAll(packages.stream().filter(name -> !name.startsWith("feature.")).toList());
        for (String name : packages) {
            if (!name.isEmpty()) {
                // javac writes no package-info.class for a package without annotations: the source is what is there.
                assertThat(java.nio.file.Path.of("src/main/java/dev/dmig", name.replace('.', '/'), "package-info.java")).as(name).exists()
                        .content().contains("Floor " + floor(name));
            }
        }
    }

    /** Every package of every module says what lives there, in its {@code package-info.java}. */
    @Test
    void everyPackageOfEveryModule_hasAPackageInfo() throws java.io.IOException {
        List<String> without = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of(".."), 12)) {
            files.filter(file -> file.toString().replace('\\', '/').contains("/src/main/java/") && file.toString().endsWith(".java"))
                    .map(java.nio.file.Path::getParent).distinct()
                    .filter(dir -> !java.nio.file.Files.exists(dir.resolve("package-info.java")))
                    .forEach(dir -> without.add(dir.normalize().toString()));
        }
        assertThat(without).as("packages without a package-info.java").isEmpty();
    }

    @Test
    void noClass_usesAPackageOnItsOwnFloorOrAbove_butItsOwn() {
        List<String> upward = new java.util.ArrayList<>();
        for (JavaClass type : CLASSES) {
            String from = packageOf(type);
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (!target.getPackageName().startsWith("dev.dmig")) {
                    continue;
                }
                String to = packageOf(target);
                // A package's mark of its face (package-info's @Face) is no use of the ground floor.
                if (!to.equals(from) && floor(to) >= floor(from) && !target.isEquivalentTo(Face.class)) {
                    upward.add((from.isEmpty() ? "dev.dmig" : from) + " (floor " + floor(from) + ") → "
                            + (to.isEmpty() ? "dev.dmig" : to) + " (floor " + floor(to) + "): " + dependency.getDescription());
                }
            }
        }
        assertThat(upward).as("dependencies that reach sideways or up").isEmpty();
    }

    /**
     * A feature is reached through the steps' seams and the feature list ({@code META-INF/services/dev.dmig.Feature}),
     * never by name: no class outside {@code dev.dmig.feature.X} names a class of it.
     */
    @Test
    void noClassOutsideAFeature_namesIt() {
        List<String> named = new java.util.ArrayList<>();
        for (JavaClass type : CLASSES) {
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                if (!dependency.getTargetClass().getPackageName().startsWith("dev.dmig")) {
                    continue;
                }
                String to = packageOf(dependency.getTargetClass());
                if (to.startsWith("feature.") && !to.equals(packageOf(type))) {
                    named.add(dependency.getDescription());
                }
            }
        }
        assertThat(named).as("classes naming a feature from outside it").isEmpty();
    }

    /**
     * A feature is a folder: Storage files' parts, its plan's among them (the sides' buckets and {@code files}, a table's
     * {@code files}, the object keys it refuses), a file value's names and the walk of an item's objects, are in
     * {@code dev.dmig.feature.files}, none left in a step beside the seams it reaches them through.
     */
    @Test
    void storageFiles_liveInTheirFeaturesPackage() {
        TestFeatures.assumeHas("FilesFeature");
        Set<String> parts = Set.of("FilesFeature", "FilesSection", "FileReferences", "ObjectKeys", "FileKeys", "FileKeyRewrite",
                "FileWalk", "FileTallies", "FileAnalysis", "FilesSummary", "PageObjects", "ObjectScan", "StorageCheck", "ObjectUndo",
                "NamedObjects", "ObjectMissingException", "TargetNames", "SourceSizes", "JournalObjects");
        Map<String, List<String>> found = CLASSES.stream().filter(type -> type.isTopLevelClass() && parts.contains(type.getSimpleName()))
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, Collectors.mapping(JavaClass::getPackageName, Collectors.toList())));

        assertThat(found.keySet()).as("Storage files' parts").containsExactlyInAnyOrderElementsOf(parts);
        found.forEach((name, packages) -> assertThat(packages).as(name).containsOnly("dev.dmig.feature.files"));
    }

    /**
     * Identities' parts, its plan's among them (the sides' user pools and {@code identities}, what becomes of an identity
     * without a match, the plan's and a table's {@code onUnmatched}), are in {@code dev.dmig.feature.identity}; the core
     * keeps what it reads itself: the map's sources ({@code plan.Identities}, {@code UserPoolRef}), the placeholders its
     * value mappings parse ({@code IdentityKind}) and the maps ({@code dev.dmig.identity}).
     */
    @Test
    void identities_liveInTheirFeaturesPackage() {
        TestFeatures.assumeHas("IdentityFeature");
        Set<String> parts = Set.of("IdentityFeature", "IdentitiesSection", "UnmatchedPolicy", "IdentityMapCheck", "HashedUsers",
                "IdentitySummary", "IdentityWriteRule", "UnmatchedIdentities", "IdentityValues", "IdentityWalk", "IdentityTallies",
                "IdentityAnalysis", "SourceUsers");
        Map<String, List<String>> found = CLASSES.stream().filter(type -> type.isTopLevelClass() && parts.contains(type.getSimpleName()))
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, Collectors.mapping(JavaClass::getPackageName, Collectors.toList())));

        assertThat(found.keySet()).as("identities' parts").containsExactlyInAnyOrderElementsOf(parts);
        found.forEach((name, packages) -> assertThat(packages).as(name).containsOnly("dev.dmig.feature.identity"));
    }

    /**
     * A feature implements the steps' seams and uses what the other modules may use, the packages' faces ({@link Face},
     * {@link Faces}); of the steps' internals it names none, so that a step may change them without a feature knowing.
     */
    @Test
    void aFeature_namesOfTheStepsTheirFaceOnly() {
        List<String> internal = new java.util.ArrayList<>();
        for (JavaClass type : CLASSES) {
            String from = packageOf(type);
            if (!from.startsWith("feature.")) {
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                // An array names its element type (a section that is a list of a face's records).
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                if (target.getPackageName().startsWith("dev.dmig") && !packageOf(target).equals(from) && !Faces.isFace(target)) {
                    internal.add(dependency.getDescription());
                }
            }
        }
        assertThat(internal).as("the steps' internals a feature names").isEmpty();
    }

    /**
     * What a feature adds to an Analyze call or a validation as a whole is on their run-level seams (RunChecks,
     * VerdictChecks), not written into the step's core: Analyzer and Validator (their nested classes too) name none of it.
     */
    @Test
    void theRunLevelCores_nameNoFeatureOnTheirSeams() {
        Map<String, Set<String>> unnamed = Map.of(
                "dev.dmig.analysis.Analyzer", Set.of("dev.dmig.feature.follow.StreamRetention", "dev.dmig.feature.follow.FollowCheck",
                        "dev.dmig.feature.identity.IdentitySummary", "dev.dmig.feature.files.FilesSummary"),
                "dev.dmig.validate.Validator", Set.of("dev.dmig.feature.follow.Follower", "dev.dmig.feature.follow.FollowedRemovals",
                        "dev.dmig.feature.follow.RemovedItems"));
        List<String> named = new java.util.ArrayList<>();
        for (JavaClass type : CLASSES) {
            unnamed.forEach((core, features) -> {
                if (type.getName().equals(core) || type.getName().startsWith(core + "$")) {
                    type.getDirectDependenciesFromSelf().stream().filter(d -> features.contains(d.getTargetClass().getName()))
                            .forEach(d -> named.add(d.getDescription()));
                }
            });
        }
        assertThat(named).as("features named by a run-level core").isEmpty();
    }

    /**
     * What a run does at a key the target holds is asked of the table's {@code ConflictPolicy} ({@code atTaken},
     * {@code readsBeforeWriting}, {@code adoptsTestRecords}), whose constants say it in one place: outside the plan that
     * reads the policy, no class names abort, skip or overwrite, nor switches on the policy itself.
     */
    @Test
    void noStep_namesAConflictPolicy_butAsksIt() {
        String policy = "dev.dmig.plan.ConflictPolicy";
        List<String> named = new java.util.ArrayList<>();
        for (JavaClass type : CLASSES) {
            if (type.getPackageName().equals("dev.dmig.plan")) {
                continue;
            }
            type.getFieldAccessesFromSelf().stream().filter(access -> access.getTargetOwner().getName().equals(policy)
                    && Set.of("ABORT", "SKIP", "OVERWRITE").contains(access.getTarget().getName()))
                    .forEach(access -> named.add(access.getDescription()));
            type.getMethodCallsFromSelf().stream().filter(call -> call.getTargetOwner().getName().equals(policy)
                    && call.getTarget().getName().equals("ordinal")).forEach(call -> named.add(call.getDescription()));
        }
        assertThat(named).as("abort, skip or overwrite named outside the plan").isEmpty();
    }
}
