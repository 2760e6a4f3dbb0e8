package org.dhcpv6.failover.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package order of failover-core (docs/architecture.md, "Packages"): each package may use the
 * ones below it in {@link #ORDER} and never one above, so leaf types (the endpoint snapshot, the
 * lease policy, the fault points) live low and the engine sits on top of what it drives.
 */
class PackageLayeringTest {

    private static final String CORE = "org.dhcpv6.failover.core";

    /** Bottom first. */
    static final List<String> ORDER = List.of("time", "wire", "fault", "state", "alloc", "metrics", "store",
            "binding", "sync", "engine", "transport", "runtime");

    /** The packages a host imports; every other one lives under {@code core.internal}. */
    private static final Set<String> PUBLIC = Set.of("store", "transport", "runtime");

    private static String fullName(String name) {
        return CORE + (PUBLIC.contains(name) ? "." : ".internal.") + name;
    }

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
    }

    @Test
    void everyPackageHasAPlaceInTheOrder() {
        Set<String> packages = core.stream().map(JavaClass::getPackageName)
                .filter(p -> p.startsWith(CORE + "."))
                .map(p -> p.substring(CORE.length() + 1).replaceFirst("^internal\\.", "").split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(ORDER), packages, "a new package needs a place in ORDER and in architecture.md");
    }

    @Test
    void noPackageUsesOneAboveIt() {
        for (int i = 0; i < ORDER.size() - 1; i++) {
            String[] above = ORDER.subList(i + 1, ORDER.size()).stream().map(p -> fullName(p) + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(fullName(ORDER.get(i)) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because("docs/architecture.md orders the packages of failover-core")
                    .check(core);
        }
    }
}
