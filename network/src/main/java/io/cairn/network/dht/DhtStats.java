package io.cairn.network.dht;

/**
 * Counters of a {@link KadDht}'s server side since it started, for metrics and for tests of hostile input.
 *
 * @param requestsAnswered requests handled (ADD_PROVIDER included, which gets no reply)
 * @param requestsRefused well-formed requests refused (over-long key, a provider record naming another peer, an
 *     invalid record); the stream was reset
 * @param malformed messages that did not decode (unknown types included), or over
 *     {@link DhtMessageCodec#MAX_MESSAGE_SIZE}; the stream was reset
 * @param streamsRefused inbound streams reset at once because the peer (or all peers together) had too many open,
 *     or the peer was banned
 * @param streamsTimedOut inbound streams reset because no request came within the idle timeout
 * @param requestsThrottled requests over their peer's rate: served late, once within it (the stream's flow control
 *     holds the peer back meanwhile), or refused with a reset when the wait would have been too long
 * @param peersBanned bans started: peers whose misbehaviour reached the threshold (see
 *     {@link KadDhtBuilder#peerLimits}), dropped from the routing table and refused for the cool-off
 * @param peersBannedNow peers refused right now
 */
public record DhtStats(long requestsAnswered, long requestsRefused, long malformed, long streamsRefused,
        long streamsTimedOut, long requestsThrottled, long peersBanned, int peersBannedNow) {}
