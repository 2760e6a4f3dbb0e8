package org.dhcpv6.failover.core.internal.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Role;
import org.junit.jupiter.api.Test;

class IndependentAllocatorTest {

    private static final AddressPool SIXTEEN = AddressPool.parse("2001:db8::10-2001:db8::1f");
    private static final AddressPool SLASH64 = AddressPool.parse("2001:db8:0:1::/64");

    @Test
    void bit127SplitsThePoolIntoExactComplements() {
        IndependentAllocator primary = new IndependentAllocator(SLASH64, Role.PRIMARY);
        IndependentAllocator secondary = new IndependentAllocator(SLASH64, Role.SECONDARY);
        SplittableRandom random = new SplittableRandom(8156);
        long base = SLASH64.first().high();
        for (int i = 0; i < 10_000; i++) {
            Ipv6Address inside = new Ipv6Address(base, random.nextLong());
            assertTrue(primary.owns(inside) ^ secondary.owns(inside), inside::toString);
            assertEquals(inside.isOdd(), primary.owns(inside), inside::toString);
            Ipv6Address outside = new Ipv6Address(base + 1 + random.nextInt(1000), random.nextLong());
            assertFalse(primary.owns(outside) || secondary.owns(outside), outside::toString);
        }
    }

    @Test
    void ownsRespectsTheEndsOfASmallRange() {
        IndependentAllocator primary = new IndependentAllocator(SIXTEEN, Role.PRIMARY);
        IndependentAllocator secondary = new IndependentAllocator(SIXTEEN, Role.SECONDARY);
        assertTrue(secondary.owns(Ipv6Address.parse("2001:db8::10")));
        assertTrue(primary.owns(Ipv6Address.parse("2001:db8::1f")));
        assertFalse(secondary.owns(Ipv6Address.parse("2001:db8::20")));
        assertFalse(primary.owns(Ipv6Address.parse("2001:db8::f")));
    }

    @Test
    void sixteenAddressesGiveEachOwnAddressOnceThenWrap() {
        IndependentAllocator primary = new IndependentAllocator(SIXTEEN, Role.PRIMARY);
        List<Ipv6Address> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            got.add(primary.next(a -> false).orElseThrow());
        }
        List<Ipv6Address> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.add(Ipv6Address.parse("2001:db8::11").plus(2L * i));
        }
        assertEquals(expected, got);
        assertEquals(Optional.of(Ipv6Address.parse("2001:db8::11")), primary.next(a -> false));
    }

    @Test
    void secondaryStartsAtTheFirstEvenAddress() {
        IndependentAllocator secondary = new IndependentAllocator(SIXTEEN, Role.SECONDARY);
        assertEquals(Optional.of(Ipv6Address.parse("2001:db8::10")), secondary.next(a -> false));
        assertEquals(Optional.of(Ipv6Address.parse("2001:db8::12")), secondary.next(a -> false));
    }

    @Test
    void tenThousandCallsOnASlash64GiveDistinctAddresses() {
        IndependentAllocator secondary = new IndependentAllocator(SLASH64, Role.SECONDARY);
        Set<Ipv6Address> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            Ipv6Address a = secondary.next(seen::contains).orElseThrow();
            assertTrue(secondary.owns(a));
            assertTrue(seen.add(a), a::toString);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void aFreedAddressWaitsForTheCursorToComeRound() {
        IndependentAllocator primary = new IndependentAllocator(SIXTEEN, Role.PRIMARY);
        Set<Ipv6Address> leased = new HashSet<>();
        Ipv6Address first = primary.next(leased::contains).orElseThrow();
        leased.add(first);
        Ipv6Address second = primary.next(leased::contains).orElseThrow();
        leased.add(second);
        leased.remove(first);
        Ipv6Address third = primary.next(leased::contains).orElseThrow();
        assertNotEquals(first, third);
        assertEquals(Ipv6Address.parse("2001:db8::15"), third);
    }

    @Test
    void neverReturnsPartnerUnavailableOrAbandonedAddresses() {
        SplittableRandom random = new SplittableRandom(42);
        for (AddressPool pool : List.of(SIXTEEN, SLASH64)) {
            for (Role role : Role.values()) {
                IndependentAllocator allocator = new IndependentAllocator(pool, role);
                Set<Ipv6Address> unavailable = new HashSet<>();
                Ipv6Address probe = pool.first();
                // Mark a random two-thirds of the first 64 addresses leased or abandoned.
                for (int i = 0; i < 64; i++) {
                    if (random.nextInt(3) != 0) {
                        unavailable.add(probe.plus(i));
                    }
                }
                for (int i = 0; i < 200; i++) {
                    Optional<Ipv6Address> a = allocator.next(unavailable::contains);
                    if (a.isEmpty()) {
                        continue;
                    }
                    assertTrue(allocator.owns(a.get()), () -> pool + " " + role + " " + a.get());
                    assertFalse(unavailable.contains(a.get()), a.get()::toString);
                    if (random.nextBoolean()) {
                        unavailable.add(a.get());
                    }
                }
            }
        }
    }

    @Test
    void predicateIsNeverAskedAboutThePartnersHalf() {
        IndependentAllocator secondary = new IndependentAllocator(SIXTEEN, Role.SECONDARY);
        for (int i = 0; i < 20; i++) {
            secondary.next(a -> {
                assertFalse(a.isOdd(), a::toString);
                return a.low() % 4 == 0;
            });
        }
    }

    @Test
    void tinyRangeAllLeasedIsEmptyAndSaysSo() {
        IndependentAllocator primary = new IndependentAllocator(SIXTEEN, Role.PRIMARY);
        assertTrue(primary.scansWholePool());
        assertEquals(Optional.empty(), primary.next(a -> true));
        assertTrue(primary.exhaustedHint());
        assertEquals(new PoolExhaustion("2001:db8::10-2001:db8::1f", Role.PRIMARY), primary.exhaustion());
        Ipv6Address only = Ipv6Address.parse("2001:db8::19");
        assertEquals(Optional.of(only), primary.next(a -> !a.equals(only)));
        assertFalse(primary.exhaustedHint());
    }

    @Test
    void twoAddressPoolGivesEachRoleOne() {
        AddressPool two = AddressPool.parse("2001:db8::ff-2001:db8::100");
        assertEquals(Optional.of(Ipv6Address.parse("2001:db8::ff")),
                new IndependentAllocator(two, Role.PRIMARY).next(a -> false));
        assertEquals(Optional.of(Ipv6Address.parse("2001:db8::100")),
                new IndependentAllocator(two, Role.SECONDARY).next(a -> false));
    }

    @Test
    void denseWindowBeyondTheBudgetIsReportedThenPassed() {
        IndependentAllocator primary = new IndependentAllocator(SLASH64, Role.PRIMARY, 16);
        assertFalse(primary.scansWholePool());
        Ipv6Address firstFree = SLASH64.first().plus(2 * 20); // first() is ::1, the prefix minus its anycast ::
        assertEquals(Optional.empty(), primary.next(a -> a.compareTo(firstFree) < 0));
        assertTrue(primary.exhaustedHint());
        assertEquals(Optional.of(firstFree), primary.next(a -> a.compareTo(firstFree) < 0));
    }

    @Test
    void wrapsAtTheTopOfTheAddressSpace() {
        AddressPool top = AddressPool.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc-"
                + "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        IndependentAllocator primary = new IndependentAllocator(top, Role.PRIMARY);
        Ipv6Address a = primary.next(x -> false).orElseThrow();
        Ipv6Address b = primary.next(x -> false).orElseThrow();
        assertEquals(Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffd"), a);
        assertEquals(Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), b);
        assertEquals(Optional.of(a), primary.next(x -> false));
    }

    @Test
    void mayLeaseChecksHalfPoolAndPredicate() {
        IndependentAllocator primary = new IndependentAllocator(SIXTEEN, Role.PRIMARY);
        Ipv6Address own = Ipv6Address.parse("2001:db8::13");
        Ipv6Address partners = Ipv6Address.parse("2001:db8::14");
        Ipv6Address outside = Ipv6Address.parse("2001:db8::21");
        assertTrue(primary.mayLease(own, a -> false));
        assertFalse(primary.mayLease(own, own::equals));
        assertFalse(primary.mayLease(partners, a -> false));
        assertFalse(primary.mayLease(outside, a -> false));
    }

    @Test
    void concurrentCallersRarelyCollide() {
        IndependentAllocator primary = new IndependentAllocator(SLASH64, Role.PRIMARY);
        Set<Ipv6Address> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            for (int i = 0; i < 20_000; i++) {
                Ipv6Address a = primary.next(all::contains).orElseThrow();
                assertTrue(primary.owns(a));
                all.add(a);
                calls.incrementAndGet();
            }
        };
        // join() rethrows a worker's assertion failure.
        java.util.concurrent.CompletableFuture.allOf(java.util.concurrent.CompletableFuture.runAsync(worker),
                java.util.concurrent.CompletableFuture.runAsync(worker)).join();
        // Collisions are allowed (the caller's commit settles them) but the CAS keeps them rare.
        assertTrue(all.size() > calls.get() * 0.99, () -> all.size() + " of " + calls.get());
    }

    @Test
    void sameStateGivesTheSameAnswer() {
        IndependentAllocator one = new IndependentAllocator(SLASH64, Role.SECONDARY);
        IndependentAllocator two = new IndependentAllocator(SLASH64, Role.SECONDARY);
        for (int i = 0; i < 100; i++) {
            assertEquals(one.next(a -> a.low() % 6 == 0), two.next(a -> a.low() % 6 == 0));
        }
    }
}
