package io.cairn.testnet.sim;

import io.cairn.core.multiformats.Multihash;
import java.util.List;

/**
 * How a node announces a set of keys to the DHT, driven by the simulator so its cost can be measured. One lookup per
 * CID ({@link OneLookupPerCid}) is the baseline; the sweep provider (one walk per keyspace region) plugs in as a
 * second implementation that runs its sans-IO scheduler through the same {@link ProvideContext}, and the report then
 * fills its column beside the baseline's.
 *
 * <p>A strategy must send every message through the context (that is what is counted), must not read a clock or a
 * random source other than {@link ProvideContext#now()} and {@link ProvideContext#random()}, and must call
 * {@code done} exactly once, after its last message was sent.
 */
public interface ProvideStrategy {
    /** A short name for the report's column, e.g. {@code one-lookup} or {@code sweep}. */
    String name();

    /** Announces every key of {@code keys} from the context's node, then runs {@code done}. */
    void provide(ProvideContext context, List<Multihash> keys, Runnable done);
}
