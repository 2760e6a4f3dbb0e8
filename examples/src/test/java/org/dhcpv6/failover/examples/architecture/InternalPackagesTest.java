package org.dhcpv6.failover.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dhcpv6.failover.core.internal.engine.Now;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a host sees of the library: no public type outside an {@code internal} package shows an
 * {@code internal} type in a public or protected signature (field, constructor, method parameter,
 * return type, thrown exception, type argument, supertype), so a host that imports only the
 * packages outside {@code internal} never needs one. The rule runs on the main classes of the
 * three library modules; {@link #theRuleCatchesALeak} shows it can fail.
 */
class InternalPackagesTest {

    private static JavaClasses library;

    /** Deliberately wrong: public, outside {@code internal}, and hands out an engine type. */
    public static final class Leaky {
        /** The engine's time, as a host must never see it. */
        public Now now() {
            return null;
        }
    }

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("org.dhcpv6.failover.api", "org.dhcpv6.failover.core", "org.dhcpv6.failover.tls");
    }

    @Test
    void theImplementationLivesInInternalPackages() {
        assertTrue(library.contain("org.dhcpv6.failover.core.internal.engine.FailoverEndpoint"),
                "the engine was not imported: the rule below would hold vacuously");
        assertTrue(library.stream().filter(c -> c.getPackageName().contains(".internal")).count() > 100,
                "most of core is internal");
    }

    @Test
    void noPublicTypeOutsideInternalExposesAnInternalType() {
        publicApiRule().check(library);
    }

    /**
     * The hosts in this repository use only what a host may import: the example server (main
     * code of its packages) and the embedding test (which is a host's code, tests and all).
     */
    @Test
    void theExampleServerAndTheEmbeddingTestImportNoInternalPackage() {
        JavaClasses server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.dhcpv6.failover.examples.server", "org.dhcpv6.failover.examples.hostsrv",
                        "org.dhcpv6.failover.examples.dhcp", "org.dhcpv6.failover.examples.micrometer");
        JavaClasses embedding = new ClassFileImporter().importPackages("org.dhcpv6.failover.examples.embedding");
        assertTrue(server.contain("org.dhcpv6.failover.examples.server.FailoverLeaseBackend"), "server imported");
        assertTrue(embedding.contain("org.dhcpv6.failover.examples.embedding.EmbeddingTest"), "embedding imported");
        ArchRule hostCode = noClasses().should().dependOnClassesThat().resideInAPackage("org.dhcpv6.failover..internal..");
        hostCode.check(server);
        hostCode.check(embedding);
    }

    @Test
    void theRuleCatchesALeak() {
        JavaClasses leaky = new ClassFileImporter().importClasses(Leaky.class);
        EvaluationResult result = publicApiRule().evaluate(leaky);
        assertTrue(result.hasViolation(), "Leaky.now() returns an internal type");
        List<String> details = result.getFailureReport().getDetails();
        assertEquals(1, details.size(), details::toString);
        assertTrue(details.get(0).contains("Leaky.now()"), details.get(0));
    }

    /** The public surface a host imports: the types this rule lets through. */
    @Test
    void thePublicSurfaceOfCoreIsWhatAHostPicks() {
        Set<String> surface = new java.util.TreeSet<>();
        library.stream()
                .filter(c -> c.getPackageName().startsWith("org.dhcpv6.failover.core")
                        && !c.getPackageName().contains(".internal") && reachable(c))
                .forEach(c -> surface.add(c.getName().substring("org.dhcpv6.failover.core.".length())));
        assertEquals(Set.of("runtime.FailoverServer", "runtime.FailoverServer$Builder",
                "store.InMemoryLeaseStore", "store.JdbcDialect", "store.JdbcLeaseStore", "store.JournalLeaseStore",
                "store.JournalOptions", "store.StoreIntegrityException", "store.CommitTimeoutException",
                "transport.TcpTransport", "transport.TcpTransport$Builder", "transport.ListenerHandle",
                "transport.AcceptBackoff", "transport.AdmissionGate", "transport.AdmissionGate$Admission",
                "transport.AdmissionGate$Ticket", "transport.LogLimiter"), surface);
    }

    /** Public, and so are the types it is nested in (a public record in a package-private interface is not). */
    private static boolean reachable(JavaClass c) {
        return c.getModifiers().contains(JavaModifier.PUBLIC)
                && c.getEnclosingClass().map(InternalPackagesTest::reachable).orElse(true);
    }

    private static ArchRule publicApiRule() {
        return classes().that().arePublic().and().resideOutsideOfPackage("..internal..")
                .should(exposeNoInternalType());
    }

    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no internal type in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                Set<JavaClass> supertypes = new LinkedHashSet<>();
                type.getRawSuperclass().ifPresent(supertypes::add);
                supertypes.addAll(type.getRawInterfaces());
                for (JavaClass s : supertypes) {
                    if (isInternal(s)) {
                        events.add(SimpleConditionEvent.violated(type, type.getName() + " extends " + s.getName()));
                    }
                }
                for (JavaMember m : type.getMembers()) {
                    if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                        continue;
                    }
                    for (JavaClass used : signatureTypes(m)) {
                        if (isInternal(used)) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes " + used.getName()));
                        }
                    }
                }
            }
        };
    }

    private static Set<JavaClass> signatureTypes(JavaMember m) {
        Set<JavaClass> out = new LinkedHashSet<>();
        if (m instanceof JavaField f) {
            out.addAll(f.getType().getAllInvolvedRawTypes());
        } else if (m instanceof JavaCodeUnit u) {
            out.addAll(u.getReturnType().getAllInvolvedRawTypes());
            for (JavaParameter p : u.getParameters()) {
                out.addAll(p.getType().getAllInvolvedRawTypes());
            }
            for (JavaType thrown : u.getThrowsClause().getTypes()) {
                out.addAll(thrown.getAllInvolvedRawTypes());
            }
        }
        return out;
    }

    private static boolean isInternal(JavaClass c) {
        return c.getPackageName().startsWith("org.dhcpv6.failover.") && c.getPackageName().contains(".internal");
    }
}
