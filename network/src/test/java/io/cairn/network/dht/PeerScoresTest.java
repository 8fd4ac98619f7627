package io.cairn.network.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PeerScoresTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static PeerId peer() {
        return Ed25519KeyPair.generate(RANDOM).peerId();
    }

    @Test
    void pointsDecayAndTheThresholdStartsABanThatEndsAfterTheCoolOff() {
        PeerScores s = new PeerScores(new PeerScores.Limits(10, 10, 100, 1, 1_000, 100));
        PeerId p = peer();
        for (int i = 0; i < 3; i++) {
            assertFalse(s.offend(p, PeerScores.Offence.MALFORMED, 0));
        }
        // 75 points; 20 s later 20 are forgiven, so one more malformed message (80) is not enough, two are (105)
        assertFalse(s.offend(p, PeerScores.Offence.MALFORMED, 20_000));
        assertFalse(s.isBanned(p, 20_000));
        assertTrue(s.offend(p, PeerScores.Offence.MALFORMED, 20_000));
        assertTrue(s.isBanned(p, 20_999));
        assertEquals(PeerScores.Decision.BANNED, s.tryRequest(p, 20_500).decision());
        assertEquals(1, s.bannedNow(20_500));
        assertFalse(s.isBanned(p, 21_000));
        assertEquals(PeerScores.Decision.ALLOWED, s.tryRequest(p, 21_000).decision());
        assertEquals(1, s.bans());
    }

    @Test
    void requestsPastTheBucketWaitForTheirTokenAndThoseTooFarBehindAreRefusedThenBanned() {
        PeerScores s = new PeerScores(new PeerScores.Limits(10, 5, 100, 0, 1_000, 100));
        PeerId p = peer();
        for (int i = 0; i < 5; i++) {
            assertEquals(PeerScores.Admission.ALLOWED, s.tryRequest(p, 0), "request " + i);
        }
        // 10 a second: the 6th waits 100 ms, the 7th 200 ms ...
        assertEquals(new PeerScores.Admission(PeerScores.Decision.DELAYED, 100), s.tryRequest(p, 0));
        assertEquals(new PeerScores.Admission(PeerScores.Decision.DELAYED, 200), s.tryRequest(p, 0));
        assertEquals(new PeerScores.Admission(PeerScores.Decision.DELAYED, 100), s.tryRequest(p, 200));
        // ... up to the longest wait; a peer further behind is refused, and each refusal costs 2 points
        int delayed = 0;
        while (s.tryRequest(p, 200).decision() == PeerScores.Decision.DELAYED) {
            delayed++;
        }
        assertEquals(PeerScores.MAX_DELAY_MILLIS / 100 - 1, delayed);
        for (int i = 0; i < 48; i++) {
            assertEquals(PeerScores.Decision.THROTTLED, s.tryRequest(p, 200).decision());
        }
        assertFalse(s.isBanned(p, 200));
        assertEquals(PeerScores.Decision.BAN_STARTED, s.tryRequest(p, 200).decision());
        assertTrue(s.isBanned(p, 200));
        assertEquals(PeerScores.Decision.BANNED, s.tryRequest(p, 200).decision());
    }

    @Test
    void atMostMaxPeersAreRememberedLeastRecentlySeenFirstOut() {
        PeerScores s = new PeerScores(new PeerScores.Limits(10, 5, 100, 0, 60_000, 50));
        PeerId banned = peer();
        for (int i = 0; i < 4; i++) {
            s.offend(banned, PeerScores.Offence.MALFORMED, 0);
        }
        assertTrue(s.isBanned(banned, 1));
        for (int i = 0; i < 49; i++) {
            s.tryRequest(peer(), 1);
        }
        assertEquals(50, s.size());
        assertTrue(s.isBanned(banned, 2)); // touched: now the most recently seen
        for (int i = 0; i < 1_000; i++) {
            s.tryRequest(peer(), 3);
        }
        assertEquals(50, s.size());
        assertFalse(s.isBanned(banned, 4));
    }
}
