package io.cairn.network.dht;

import io.cairn.core.multiformats.Multihash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One kad-dht message, request or response ({@code dht.pb.Message}). An empty key means "not set", as in proto3;
 * {@code record} is {@code null} when absent. Immutable; the key is copied in and out.
 *
 * <p>Which fields each type uses (spec and go): FIND_NODE key = the target (a peer ID's bytes, or any key), response
 * {@code closerPeers}; GET_PROVIDERS and ADD_PROVIDER key = a multihash, {@code providerPeers}; GET_VALUE and
 * PUT_VALUE key = the record key, {@code record}; PING nothing.
 */
public final class DhtMessage {
    private static final byte[] NO_KEY = new byte[0];

    private final MessageType type;
    private final byte[] key;
    private final DhtRecord record;
    private final List<DhtPeer> closerPeers;
    private final List<DhtPeer> providerPeers;
    private final int clusterLevelRaw;

    public DhtMessage(MessageType type, byte[] key, DhtRecord record, List<DhtPeer> closerPeers,
            List<DhtPeer> providerPeers, int clusterLevelRaw) {
        this.type = Objects.requireNonNull(type, "type");
        this.key = key == null ? NO_KEY : key.clone();
        this.record = record;
        this.closerPeers = List.copyOf(closerPeers);
        this.providerPeers = List.copyOf(providerPeers);
        this.clusterLevelRaw = clusterLevelRaw;
    }

    public static DhtMessage request(MessageType type, byte[] key) {
        return new DhtMessage(type, key, null, List.of(), List.of(), 0);
    }

    public static DhtMessage findNode(byte[] target) {
        return request(MessageType.FIND_NODE, target);
    }

    public static DhtMessage getProviders(Multihash key) {
        return request(MessageType.GET_PROVIDERS, key.toBytes());
    }

    /** Announces {@code self} (with the addresses it can be reached at) as a provider of {@code key}. */
    public static DhtMessage addProvider(Multihash key, DhtPeer self) {
        return new DhtMessage(MessageType.ADD_PROVIDER, key.toBytes(), null, List.of(), List.of(self), 0);
    }

    public static DhtMessage getValue(byte[] key) {
        return request(MessageType.GET_VALUE, key);
    }

    /** The message key equals the record key, as the receiver checks. */
    public static DhtMessage putValue(DhtRecord record) {
        return new DhtMessage(MessageType.PUT_VALUE, record.keyUnsafe(), record, List.of(), List.of(), 0);
    }

    public MessageType type() {
        return type;
    }

    public byte[] key() {
        return key.clone();
    }

    public int keyLength() {
        return key.length;
    }

    byte[] keyUnsafe() {
        return key;
    }

    /** The record, or {@code null}. */
    public DhtRecord record() {
        return record;
    }

    public List<DhtPeer> closerPeers() {
        return closerPeers;
    }

    public List<DhtPeer> providerPeers() {
        return providerPeers;
    }

    public int clusterLevelRaw() {
        return clusterLevelRaw;
    }

    /** The response skeleton go builds: same type, the given key, the request's cluster level. */
    public DhtMessage reply(byte[] responseKey) {
        return new DhtMessage(type, responseKey, null, List.of(), List.of(), clusterLevelRaw);
    }

    public DhtMessage withRecord(DhtRecord r) {
        return new DhtMessage(type, key, r, closerPeers, providerPeers, clusterLevelRaw);
    }

    public DhtMessage withCloserPeers(List<DhtPeer> peers) {
        return new DhtMessage(type, key, record, peers, providerPeers, clusterLevelRaw);
    }

    public DhtMessage withProviderPeers(List<DhtPeer> peers) {
        return new DhtMessage(type, key, record, closerPeers, peers, clusterLevelRaw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhtMessage m && type == m.type && Arrays.equals(key, m.key)
                && Objects.equals(record, m.record) && closerPeers.equals(m.closerPeers)
                && providerPeers.equals(m.providerPeers) && clusterLevelRaw == m.clusterLevelRaw;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(key), record, closerPeers, providerPeers, clusterLevelRaw);
    }

    @Override
    public String toString() {
        return "DhtMessage[" + type + ", key=" + HexFormat.of().formatHex(key) + (record == null ? "" : ", " + record)
                + ", closer=" + closerPeers.size() + ", providers=" + providerPeers.size()
                + (clusterLevelRaw == 0 ? "" : ", clusterLevel=" + clusterLevelRaw) + "]";
    }
}
