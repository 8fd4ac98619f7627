package io.cairn.network.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MultistreamNegotiatorTest {
    /** The header exactly as the multistream-select README shows it on the wire: length 19, text, newline. */
    @Test
    void headerBytesMatchTheSpec() {
        byte[] start = MultistreamNegotiator.listener(p -> true).start();
        byte[] want = HexFormat.of().parseHex("13" + hex("/multistream/1.0.0\n"));
        assertArrayEquals(want, start);
    }

    @Test
    void dialerSendsHeaderAndFirstProposalInOneWrite() {
        byte[] start = MultistreamNegotiator.dialer(List.of("/noise")).start();
        assertArrayEquals(HexFormat.of().parseHex("13" + hex("/multistream/1.0.0\n") + "07" + hex("/noise\n")), start);
    }

    @Test
    void agreesOnTheFirstSupportedProposalAfterRefusals() {
        MultistreamNegotiator d = MultistreamNegotiator.dialer(List.of("/a/1", "/b/1", "/c/1"));
        MultistreamNegotiator l = MultistreamNegotiator.listener(Set.of("/c/1", "/b/1")::contains);
        String[] outcome = run(d, l);
        assertEquals("/b/1", outcome[0]);
        assertEquals("/b/1", outcome[1]);
    }

    @Test
    void dialerIsRefusedWhenNothingMatches() {
        MultistreamNegotiator d = MultistreamNegotiator.dialer(List.of("/a/1"));
        MultistreamNegotiator l = MultistreamNegotiator.listener(p -> false);
        MultistreamNegotiator.Step fromL = l.receive(d.start());
        assertFalse(fromL.done());
        MultistreamNegotiator.Step fromD = d.receive(concat(l.start(), fromL.toSend()));
        assertTrue(fromD.refused());
        assertTrue(d.isDone());
    }

    /** The lazy dialer: application bytes right behind the proposal reach the protocol, not the negotiator. */
    @Test
    void listenerHandsBackBytesThatFollowTheAcceptedProposal() {
        MultistreamNegotiator d = MultistreamNegotiator.dialer(List.of("/echo/1"));
        byte[] early = "hello".getBytes(StandardCharsets.UTF_8);
        MultistreamNegotiator l = MultistreamNegotiator.listener("/echo/1"::equals);
        MultistreamNegotiator.Step s = l.receive(concat(d.start(), early));
        assertEquals("/echo/1", s.selected());
        assertArrayEquals(early, s.leftover());
    }

    @Test
    void bytesMayArriveOneAtATime() {
        MultistreamNegotiator d = MultistreamNegotiator.dialer(List.of("/x", "/y"));
        MultistreamNegotiator l = MultistreamNegotiator.listener("/y"::equals);
        byte[] toL = d.start();
        byte[] toD = l.start();
        String got = null;
        for (int round = 0; round < 10 && got == null; round++) {
            ByteArrayOutputStream lOut = new ByteArrayOutputStream();
            for (byte b : toL) {
                if (!l.isDone()) {
                    lOut.writeBytes(l.receive(new byte[] {b}).toSend());
                }
            }
            ByteArrayOutputStream dOut = new ByteArrayOutputStream();
            for (byte b : concat(toD, lOut.toByteArray())) {
                if (!d.isDone()) {
                    MultistreamNegotiator.Step s = d.receive(new byte[] {b});
                    dOut.writeBytes(s.toSend());
                    got = s.selected() != null ? s.selected() : got;
                }
            }
            toL = dOut.toByteArray();
            toD = new byte[0];
        }
        assertEquals("/y", got);
    }

    @Test
    void wrongHeaderIsAProtocolError() {
        MultistreamNegotiator l = MultistreamNegotiator.listener(p -> true);
        byte[] bogus = concat(new byte[] {0x13}, "/multistream/2.0.0\n".getBytes(StandardCharsets.UTF_8));
        assertThrows(MultistreamException.class, () -> l.receive(bogus));
    }

    @Test
    void missingNewlineAndOversizeMessagesAreProtocolErrors() {
        MultistreamNegotiator a = MultistreamNegotiator.listener(p -> true);
        assertThrows(MultistreamException.class, () -> a.receive(new byte[] {0x02, 'a', 'b'}));
        MultistreamNegotiator b = MultistreamNegotiator.listener(p -> true);
        // a length of 2,000,000 is refused from the prefix alone, before any allocation
        assertThrows(MultistreamException.class, () -> b.receive(new byte[] {(byte) 0x80, (byte) 0x89, 0x7a}));
    }

    @Test
    void aListenerStopsAfterTooManyProposals() {
        MultistreamNegotiator d = MultistreamNegotiator.dialer(List.of("/h"));
        MultistreamNegotiator l = MultistreamNegotiator.listener(p -> false);
        byte[] header = Arrays.copyOf(d.start(), 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        for (int i = 0; i <= MultistreamNegotiator.MAX_PROPOSALS; i++) {
            out.writeBytes(new byte[] {0x03, '/', 'p', '\n'});
        }
        assertThrows(MultistreamException.class, () -> l.receive(out.toByteArray()));
    }

    @Test
    void lsIsAnsweredWithNa() {
        MultistreamNegotiator l = MultistreamNegotiator.listener(p -> true);
        byte[] header = MultistreamNegotiator.listener(p -> true).start();
        MultistreamNegotiator.Step s = l.receive(concat(header, new byte[] {0x03, 'l', 's', '\n'}));
        assertNull(s.selected());
        assertArrayEquals(new byte[] {0x03, 'n', 'a', '\n'}, s.toSend());
    }

    @Property(tries = 500)
    void arbitraryBytesOnlyEverRaiseTheTypedError(@ForAll("chunks") List<byte[]> chunks, @ForAll boolean dialer) {
        MultistreamNegotiator n = dialer ? MultistreamNegotiator.dialer(List.of("/a", "/b"))
                : MultistreamNegotiator.listener("/a"::equals);
        n.start();
        try {
            for (byte[] c : chunks) {
                if (n.isDone()) {
                    break;
                }
                n.receive(c);
            }
        } catch (MultistreamException expected) {
            // the one allowed failure
        }
    }

    /** Arbitrary bytes behind a valid header, so the property reaches the proposal and answer paths too. */
    @Provide
    Arbitrary<List<byte[]>> chunks() {
        Arbitrary<byte[]> chunk = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> header = Arbitraries.of(new byte[0], MultistreamNegotiator.listener(p -> true).start());
        return header.flatMap(h -> chunk.list().ofMaxSize(8).map(list -> {
            list.add(0, h);
            return list;
        }));
    }

    private static String[] run(MultistreamNegotiator d, MultistreamNegotiator l) {
        byte[] toL = d.start();
        byte[] toD = l.start();
        String dSel = null;
        String lSel = null;
        for (int i = 0; i < 10 && (dSel == null || lSel == null); i++) {
            if (!l.isDone() && toL.length > 0) {
                MultistreamNegotiator.Step s = l.receive(toL);
                lSel = s.selected();
                toD = concat(toD, s.toSend());
            }
            toL = new byte[0];
            if (!d.isDone() && toD.length > 0) {
                MultistreamNegotiator.Step s = d.receive(toD);
                dSel = s.selected();
                toL = s.toSend();
            }
            toD = new byte[0];
        }
        return new String[] {dSel, lSel};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
