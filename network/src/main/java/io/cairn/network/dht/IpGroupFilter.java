package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing table's IP diversity filter, as go-libp2p-kad-dht's {@code rtPeerIPGroupFilter}: at most
 * {@code maxPerCpl} peers of one IP group per common prefix length with the local key, and {@code maxForTable} in the
 * whole table. A group is the /16 of an IPv4 address and the /32 of an IPv6 one (go uses the IPv6 address's ASN where
 * it knows it; it also groups the legacy class-A networks by /8, which we do not).
 *
 * <p>Invariant: {@code tableCount} and {@code cplCount} equal the group counts of the peers currently admitted; a
 * peer's groups are remembered at admission so its removal undoes exactly what its admission did.
 */
final class IpGroupFilter {
    private final int maxPerCpl;
    private final int maxForTable;
    private final Map<String, Integer> tableCount = new HashMap<>();
    private final Map<Integer, Map<String, Integer>> cplCount = new HashMap<>();

    IpGroupFilter(int maxPerCpl, int maxForTable) {
        this.maxPerCpl = maxPerCpl;
        this.maxForTable = maxForTable;
    }

    /**
     * The distinct groups of {@code addresses}; addresses without an IP (dns, circuit-only) are ignored. Empty when
     * none has an IP: such a peer cannot be placed in a group and is not admitted, as in go.
     */
    static List<String> groupsOf(List<Multiaddr> addresses) {
        Set<String> groups = new LinkedHashSet<>();
        for (Multiaddr a : addresses) {
            a.ipAddress().ifPresent(ip -> groups.add(groupOf(ip)));
        }
        return new ArrayList<>(groups);
    }

    static String groupOf(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (ip instanceof Inet4Address) {
            return "ip4:" + (b[0] & 0xFF) + "." + (b[1] & 0xFF);
        }
        return String.format("ip6:%02x%02x:%02x%02x", b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF, b[3] & 0xFF);
    }

    boolean allows(int cpl, List<String> groups) {
        if (groups.isEmpty()) {
            return false;
        }
        Map<String, Integer> perCpl = cplCount.getOrDefault(cpl, Map.of());
        for (String g : groups) {
            if (tableCount.getOrDefault(g, 0) >= maxForTable || perCpl.getOrDefault(g, 0) >= maxPerCpl) {
                return false;
            }
        }
        return true;
    }

    void add(int cpl, List<String> groups) {
        Map<String, Integer> perCpl = cplCount.computeIfAbsent(cpl, c -> new HashMap<>());
        for (String g : groups) {
            tableCount.merge(g, 1, Integer::sum);
            perCpl.merge(g, 1, Integer::sum);
        }
    }

    void remove(int cpl, List<String> groups) {
        Map<String, Integer> perCpl = cplCount.get(cpl);
        for (String g : groups) {
            tableCount.computeIfPresent(g, (k, v) -> v == 1 ? null : v - 1);
            if (perCpl != null) {
                perCpl.computeIfPresent(g, (k, v) -> v == 1 ? null : v - 1);
            }
        }
        if (perCpl != null && perCpl.isEmpty()) {
            cplCount.remove(cpl);
        }
    }
}
