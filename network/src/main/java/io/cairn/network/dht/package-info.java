/**
 * The libp2p Kademlia DHT (kad-dht) as go-libp2p-kad-dht speaks it, as a sans-IO core: the wire messages and their
 * codec ({@link io.cairn.network.dht.DhtMessageCodec}), the 256-bit keyspace ({@link io.cairn.network.dht.Key}), the
 * k-bucket {@link io.cairn.network.dht.RoutingTable}, the iterative {@link io.cairn.network.dht.Lookup} state machine,
 * the server side ({@link io.cairn.network.dht.DhtRequestHandler}), the value record store and the in-memory provider
 * store ({@link io.cairn.network.dht.MemoryProviderStore}; the provider store port itself is core's
 * {@link io.cairn.core.routing.ProviderStore}, so storage can implement it on RocksDB).
 *
 * <p>Providing at scale is the {@link io.cairn.network.dht.SweepProvider}: keys are announced region by region of the
 * keyspace ({@link io.cairn.network.dht.KeyspaceRegion}), one walk per region, on a persistable
 * {@link io.cairn.network.dht.ProvideSchedule} that sweeps the keyspace once per reprovide interval; the keys live in a
 * pluggable {@link io.cairn.network.dht.ProviderKeySet}.
 *
 * <p>Nothing here reads a clock, a socket or a random source it was not given: time comes in as milliseconds on the
 * driver's clock, messages come in decoded and go out as {@link io.cairn.network.dht.Lookup.Request}s. The Netty
 * stream handlers and the testnet simulator are two drivers of this same code.
 *
 * <p>{@link io.cairn.network.dht.KadDht} is the driver on the libp2p host: it serves the protocol on inbound streams
 * (bounded per peer; each peer's misbehaviour and request rate scored by {@code PeerScores}, past a threshold the
 * peer banned for a cool-off and dropped from the routing table), feeds the routing table from identify, and runs
 * lookups over real streams with a deadline per request, all on one DHT thread of its own. It also drives the sweep provider there
 * ({@link io.cairn.network.dht.KadDht#startProviding}, {@code SweepDriver}): walks over the same streams, each
 * per-peer batch of ADD_PROVIDER messages on one stream, the schedule handed to a saver as it changes and on close.
 *
 * <p>The core classes are not thread-safe: a driver confines each routing table, lookup and store to one thread (its
 * own, an event loop or the simulator's loop), or guards it.
 */
package io.cairn.network.dht;
