package io.cairn.network.dht;

import io.cairn.core.peer.PeerId;
import java.util.List;

/**
 * What a {@link Lookup} found, with its cost for the simulator.
 *
 * @param termination why it ended
 * @param closest the peers nearest to the target that answered, nearest first, at most k
 * @param providers distinct providers found (GET_PROVIDERS), in the order found
 * @param records valid records found (GET_VALUE), with the peer that returned each
 * @param hops the hop count of the nearest answering peer: 1 for a seed, n + 1 for a peer first heard of from a
 *     peer at hop n; 0 when none answered
 * @param providerHops the hop of the peer whose answer carried the first provider; 0 when none was found
 * @param requestsSent requests handed to the driver
 * @param responses answers received
 * @param failures requests that failed ({@link Lookup#onFailure})
 * @param timeouts requests that timed out ({@link Lookup#onTimeout})
 */
public record LookupResult(Termination termination, List<DhtPeer> closest, List<DhtPeer> providers,
        List<FoundRecord> records, int hops, int providerHops, int requestsSent, int responses, int failures,
        int timeouts) {
    public LookupResult {
        closest = List.copyOf(closest);
        providers = List.copyOf(providers);
        records = List.copyOf(records);
    }

    /** Why a lookup ended. */
    public enum Termination {
        /** Not ended yet. */
        RUNNING,
        /** The beta nearest peers not known unreachable all answered (go: {@code LookupCompleted}). */
        COMPLETED,
        /** Nobody left to ask and nothing in flight (go: {@code LookupStarvation}; normal in small networks). */
        STARVED,
        /** Enough providers or records were found (go: {@code LookupStopped}). */
        STOPPED,
        /** No seed peers to start from (go: {@code ErrLookupFailure}). */
        NO_SEEDS
    }

    /** A record found by a GET_VALUE lookup and the peer that returned it. */
    public record FoundRecord(PeerId from, DhtRecord record) {}
}
