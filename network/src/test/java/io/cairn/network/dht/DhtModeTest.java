package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DhtModeTest {
    @Test
    void kuboRoutingTypesMapToModes() {
        assertEquals(Optional.of(DhtMode.AUTO), DhtMode.forRoutingType("auto"));
        assertEquals(Optional.of(DhtMode.AUTO), DhtMode.forRoutingType("dht"));
        assertEquals(Optional.of(DhtMode.CLIENT), DhtMode.forRoutingType("dhtclient"));
        assertEquals(Optional.of(DhtMode.CLIENT), DhtMode.forRoutingType("autoclient"));
        assertEquals(Optional.of(DhtMode.SERVER), DhtMode.forRoutingType("DHTServer"));
        assertEquals(Optional.empty(), DhtMode.forRoutingType("none"));
        assertThrows(IllegalArgumentException.class, () -> DhtMode.forRoutingType("dhtserverr"));
    }
}
