package io.cairn.testnet.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    private static PeerId peer(int i) {
        byte[] seed = new byte[Ed25519KeyPair.SEED_LENGTH];
        seed[0] = (byte) i;
        return Ed25519KeyPair.fromSeed(seed).peerId();
    }

    @Test
    void aPartitionSeparatesOnlyPeersInDifferentGroups() {
        PeerId a1 = peer(1);
        PeerId a2 = peer(2);
        PeerId b1 = peer(3);
        PeerId loner = peer(4);
        FaultPlan p = FaultPlan.NONE.withPartition(List.of(Set.of(a1, a2), Set.of(b1)));
        assertTrue(p.separates(a1, b1));
        assertTrue(p.separates(b1, a2));
        assertFalse(p.separates(a1, a2));
        assertFalse(p.separates(loner, a1), "a peer in no group reaches everyone");
        assertFalse(p.separates(b1, loner));
        assertFalse(p.healed().separates(a1, b1));
        assertEquals(List.of(), p.healed().partition());
    }

    @Test
    void withersKeepTheOtherFaults() {
        FaultPlan p = FaultPlan.NONE.withLatency(Duration.ofMillis(30), Duration.ofMillis(5)).withResetRate(0.1)
                .withLoss(0.2, Duration.ofMillis(100)).withPartition(List.of(Set.of(peer(1)), Set.of(peer(2))));
        FaultPlan healed = p.healed();
        assertEquals(Duration.ofMillis(30), healed.latency());
        assertEquals(Duration.ofMillis(5), healed.jitter());
        assertEquals(0.1, healed.resetRate());
        assertEquals(0.2, healed.lossRate());
        assertEquals(Duration.ofMillis(100), healed.retransmitDelay());
        assertTrue(healed.delays());
        assertFalse(FaultPlan.NONE.delays());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.NONE.withResetRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.NONE.withLoss(Double.NaN, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> FaultPlan.NONE.withLatency(Duration.ofMillis(-1), Duration.ZERO));
        PeerId p = peer(1);
        assertThrows(IllegalArgumentException.class,
                () -> FaultPlan.NONE.withPartition(List.of(Set.of(p), Set.of(p, peer(2)))));
    }
}
