package io.cairn.network.dht;

import io.cairn.core.peer.PeerId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How badly each peer has behaved towards our DHT server lately, and which peers are refused for a while because of
 * it. Sans-IO: every method takes the time; the caller acts on what it answers (reset streams, drop the peer from
 * the routing table).
 *
 * <p>Each peer has misbehaviour points that decay linearly ({@code decayPerSecond}) and a token bucket of requests
 * ({@code ratePerSecond}, up to {@code burst}). Bad input adds points (see {@link Offence}); a request past the bucket
 * waits for its token (back-pressure, no points), and one that would wait too long is refused and adds
 * {@link Offence#OVER_RATE}'s points. When a peer's points reach {@code threshold} it is banned:
 * refused for {@code coolOffMillis}, after which it starts again from zero.
 *
 * <p>Bounds: at most {@code maxPeers} peers are remembered, least recently seen first out. An attacker with many
 * peer IDs can push a banned one out early; per-ID bans are cheap to evade with new IDs anyway, which is why the
 * host also limits connections per IP. Thread-safe (one lock; every operation is O(1)).
 */
final class PeerScores {
    /** What a peer did, with the points it costs. */
    enum Offence {
        /** A message that did not decode, or was over the size limit (unknown types included). */
        MALFORMED(25),
        /** A well-formed request refused: over-long key, a provider record naming another peer, invalid record. */
        REFUSED(10),
        /** A request past the peer's rate. */
        OVER_RATE(2),
        /** A stream past the per-peer limit of open streams, or opened and left idle. */
        EXCESS_STREAM(2);

        final double points;

        Offence(double points) {
            this.points = points;
        }
    }

    /** Settings; {@link #defaults()} suit a public DHT server. */
    record Limits(double ratePerSecond, double burst, double threshold, double decayPerSecond, long coolOffMillis,
            int maxPeers) {
        Limits {
            if (!(ratePerSecond > 0) || !(burst >= 1) || !(threshold > 0) || decayPerSecond < 0 || coolOffMillis < 0
                    || maxPeers < 1) {
                throw new IllegalArgumentException("invalid peer score limits");
            }
        }

        /**
         * 1,000 requests a second per peer with bursts of 10,000 (a sweep provider's ADD_PROVIDER batches may carry
         * thousands at once), 100 points to a ban (four malformed messages, ten refusals, fifty requests over the
         * rate), one point forgiven per second, ten minutes' cool-off, 10,000 peers remembered.
         */
        static Limits defaults() {
            return new Limits(1000, 10_000, 100, 1, 600_000, 10_000);
        }
    }

    private static final class Score {
        double points;
        double tokens;
        long updated;
        long bannedUntil;
    }

    private final Limits limits;
    private final Map<PeerId, Score> scores;
    private long bans;

    PeerScores(Limits limits) {
        this.limits = limits;
        this.scores = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PeerId, Score> eldest) {
                return size() > limits.maxPeers();
            }
        };
    }

    /** The clock the callers use: monotonic milliseconds, so decay and refill do not follow wall-clock jumps. */
    static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** Whether {@code peer} is refused at {@code now}. */
    synchronized boolean isBanned(PeerId peer, long now) {
        Score s = scores.get(peer);
        return s != null && s.bannedUntil > now;
    }

    /** What {@link #tryRequest} decided. */
    enum Decision {
        /** Within the rate: serve it now. */
        ALLOWED,
        /** Over the rate: serve it after {@link Admission#delayMillis}, which holds the peer back (its stream's
         *  flow control stops it from sending more meanwhile). Not an offence: bursts are normal. */
        DELAYED,
        /** So far over the rate that it would wait past {@link #MAX_DELAY_MILLIS}: refuse it; an offence. */
        THROTTLED,
        /** As {@link #THROTTLED}, and that offence started a ban. */
        BAN_STARTED,
        /** The peer is banned already. */
        BANNED
    }

    /** A decision and, for {@link Decision#DELAYED}, how long to wait. */
    record Admission(Decision decision, long delayMillis) {
        static final Admission ALLOWED = new Admission(Decision.ALLOWED, 0);
    }

    /** The longest a request waits for its token; a peer further behind than that is refused instead. */
    static final long MAX_DELAY_MILLIS = 5_000;

    /**
     * Takes one request's token from {@code peer}'s bucket. The bucket may go into debt: a request without a token
     * waits until its token would have come, up to {@link #MAX_DELAY_MILLIS}; past that it is refused and penalised.
     * A peer serving one request at a time per stream can only run up a debt of one request per open stream, so
     * refusals come from peers that push past the stream limits or ignore the wait.
     */
    synchronized Admission tryRequest(PeerId peer, long now) {
        Score s = update(peer, now);
        if (s.bannedUntil > now) {
            return new Admission(Decision.BANNED, 0);
        }
        if (s.tokens >= 1) {
            s.tokens -= 1;
            return Admission.ALLOWED;
        }
        long delay = (long) Math.ceil((1 - s.tokens) * 1000 / limits.ratePerSecond());
        if (delay <= MAX_DELAY_MILLIS) {
            s.tokens -= 1;
            return new Admission(Decision.DELAYED, delay);
        }
        return new Admission(penalise(s, Offence.OVER_RATE, now) ? Decision.BAN_STARTED : Decision.THROTTLED, 0);
    }

    /** Counts {@code offence} against {@code peer}; true when this offence started a ban. */
    synchronized boolean offend(PeerId peer, Offence offence, long now) {
        Score s = update(peer, now);
        if (s.bannedUntil > now) {
            return false;
        }
        return penalise(s, offence, now);
    }

    /** Bans started since this object was created. */
    synchronized long bans() {
        return bans;
    }

    /** Peers banned at {@code now} (among those still remembered). */
    synchronized int bannedNow(long now) {
        int n = 0;
        for (Score s : scores.values()) {
            if (s.bannedUntil > now) {
                n++;
            }
        }
        return n;
    }

    /** Peers remembered, banned or not: at most {@code maxPeers}. */
    synchronized int size() {
        return scores.size();
    }

    private boolean penalise(Score s, Offence offence, long now) {
        s.points += offence.points;
        if (s.points < limits.threshold()) {
            return false;
        }
        s.bannedUntil = now + limits.coolOffMillis();
        s.points = 0;
        s.tokens = limits.burst();
        bans++;
        return true;
    }

    private Score update(PeerId peer, long now) {
        Score s = scores.get(peer);
        if (s == null) {
            s = new Score();
            s.tokens = limits.burst();
            s.updated = now;
            scores.put(peer, s);
            return s;
        }
        double seconds = Math.max(0, now - s.updated) / 1000.0;
        s.updated = Math.max(s.updated, now);
        s.points = Math.max(0, s.points - seconds * limits.decayPerSecond());
        s.tokens = Math.min(limits.burst(), s.tokens + seconds * limits.ratePerSecond());
        return s;
    }
}
