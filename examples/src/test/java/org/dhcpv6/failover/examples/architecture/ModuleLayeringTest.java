package org.dhcpv6.failover.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rule of docs/architecture.md §2, held on the compiled classes of the three library
 * modules (their main code only): arrows point up the list api, core, tls, examples, and each
 * module uses only the third-party packages it declares, so nothing from Guava, SLF4J or Bouncy
 * Castle leaks into a host's view of failover-api.
 */
class ModuleLayeringTest {

    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // core's test-jar (fixtures for host stores) shares core's packages; it is not library code.
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("org.dhcpv6.failover.api", "org.dhcpv6.failover.core", "org.dhcpv6.failover.tls");
    }

    @Test
    void everyModuleWasImported() {
        for (String name : new String[] {"org.dhcpv6.failover.api.LeaseStore",
                "org.dhcpv6.failover.core.runtime.FailoverServer", "org.dhcpv6.failover.tls.TlsTransport"}) {
            assertTrue(library.contain(name), name + " was not imported: the rules below would hold vacuously");
        }
    }

    @Test
    void theApiNeedsTheJdkAlone() {
        classes().that().resideInAPackage("org.dhcpv6.failover.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.dhcpv6.failover.api..")
                .check(library);
    }

    @Test
    void coreNeedsTheApiGuavaAndSlf4jAlone() {
        classes().that().resideInAPackage("org.dhcpv6.failover.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..",
                        "org.dhcpv6.failover.api..", "org.dhcpv6.failover.core..", "com.google.common..",
                        "org.slf4j..")
                .check(library);
    }

    @Test
    void tlsAddsBouncyCastleAndNothingElse() {
        classes().that().resideInAPackage("org.dhcpv6.failover.tls..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..",
                        "org.dhcpv6.failover.api..", "org.dhcpv6.failover.core..", "org.dhcpv6.failover.tls..",
                        "com.google.common..", "org.slf4j..", "org.bouncycastle..")
                .check(library);
    }

    @Test
    void noArrowPointsDownTheList() {
        noClasses().that().resideInAnyPackage("org.dhcpv6.failover.api..", "org.dhcpv6.failover.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.dhcpv6.failover.tls..",
                        "org.dhcpv6.failover.examples..")
                .check(library);
    }
}
