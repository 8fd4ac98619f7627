package io.cairn.network.dht;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a {@link KadDht} answers other peers' requests. Only servers enter routing tables (libp2p kad-dht spec);
 * a client still runs lookups, provides and finds.
 */
public enum DhtMode {
    /** Never serves the protocol; other peers never add it to their tables. */
    CLIENT,
    /** Serves the protocol. */
    SERVER,
    /** Server when the host has a listen address at {@link KadDht#start()}, client otherwise. */
    AUTO;

    /**
     * The mode for Kubo's {@code Routing.Type}: {@code auto} and {@code dht} are {@link #AUTO}, {@code dhtclient}
     * and {@code autoclient} are {@link #CLIENT}, {@code dhtserver} is {@link #SERVER}, and {@code none} is empty
     * (run no DHT at all). Any other value throws {@link IllegalArgumentException}, so a typo in a config file is
     * reported instead of silently choosing a mode.
     */
    public static Optional<DhtMode> forRoutingType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "auto", "dht" -> Optional.of(AUTO);
            case "dhtclient", "autoclient" -> Optional.of(CLIENT);
            case "dhtserver" -> Optional.of(SERVER);
            case "none" -> Optional.empty();
            default -> throw new IllegalArgumentException("unknown Routing.Type '" + type
                    + "' (expected auto, dht, dhtclient, dhtserver, autoclient or none)");
        };
    }
}
