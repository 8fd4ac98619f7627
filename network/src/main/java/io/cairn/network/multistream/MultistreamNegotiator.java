package io.cairn.network.multistream;

import io.cairn.network.wire.FrameBuffer;
import io.cairn.network.wire.FrameFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * One side of a multistream-select 1.0 negotiation, as a state machine over bytes (multiformats/multistream-select).
 *
 * <p>Every message is a uvarint length, then UTF-8 text ending in {@code \n}; the length counts the newline. Both
 * sides send the header {@code /multistream/1.0.0} at once, without waiting for the other's. The dialer then
 * proposes protocols one at a time; the listener echoes the one it accepts or answers {@code na}. The dialer may
 * send its first proposal (and even, lazily, its first application bytes) in the same write as the header, so the
 * listener hands back every byte that followed the accepted proposal as {@link Step#leftover()}.
 *
 * <p>Bounds: a message is at most {@value #MAX_MESSAGE} bytes and a listener accepts at most
 * {@value #MAX_PROPOSALS} proposals, so a hostile peer costs bounded memory and round trips.
 */
public final class MultistreamNegotiator {
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    public static final String NA = "na";
    /** The retired listing command; never a protocol, always refused. */
    static final String LS = "ls";
    static final int MAX_MESSAGE = 1024;
    static final int MAX_PROPOSALS = 64;

    /** What to send after some input, and the outcome once there is one. */
    public record Step(byte[] toSend, String selected, byte[] leftover, boolean refused) {
        /** Whether a protocol was agreed; then {@code leftover} holds the bytes that followed. */
        public boolean done() {
            return selected != null;
        }
    }

    private final boolean dialer;
    private final List<String> proposals;
    private final Predicate<String> supported;
    private final FrameBuffer in = new FrameBuffer();
    private boolean headerSeen;
    private int next;
    private int proposalsSeen;
    private String selected;
    private boolean refused;

    private MultistreamNegotiator(boolean dialer, List<String> proposals, Predicate<String> supported) {
        this.dialer = dialer;
        this.proposals = proposals;
        this.supported = supported;
    }

    /** The dialer's side, proposing {@code protocols} in order of preference. */
    public static MultistreamNegotiator dialer(List<String> protocols) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol must be proposed");
        }
        for (String p : protocols) {
            checkProtocolId(p);
        }
        return new MultistreamNegotiator(true, List.copyOf(protocols), null);
    }

    /** The listener's side, accepting the first proposal that {@code supported} accepts. */
    public static MultistreamNegotiator listener(Predicate<String> supported) {
        return new MultistreamNegotiator(false, List.of(), supported);
    }

    /** What to send first: the header, and for a dialer its first proposal in the same write. */
    public byte[] start() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeMessage(out, PROTOCOL_ID);
        if (dialer) {
            writeMessage(out, proposals.get(0));
            next = 1;
        }
        return out.toByteArray();
    }

    /**
     * Consumes bytes from the remote.
     *
     * A dialer's step is {@link Step#refused()} when the listener answered {@code na} to every proposal; the
     * negotiation is then over without a protocol.
     *
     * @throws MultistreamException if the remote breaks the protocol
     */
    public Step receive(byte[] data) {
        if (selected != null || refused) {
            throw new IllegalStateException("negotiation already finished");
        }
        in.append(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String message;
        while (selected == null && !refused && (message = nextMessage()) != null) {
            if (!headerSeen) {
                if (!PROTOCOL_ID.equals(message)) {
                    throw new MultistreamException("expected header " + PROTOCOL_ID + ", got " + quote(message));
                }
                headerSeen = true;
            } else if (dialer) {
                onListenerAnswer(message, out);
            } else {
                onProposal(message, out);
            }
        }
        byte[] leftover = selected == null ? null : in.drain();
        return new Step(out.toByteArray(), selected, leftover, refused);
    }

    public boolean isDone() {
        return selected != null || refused;
    }

    /** The protocols a dialer proposes, in order. */
    public List<String> proposals() {
        return proposals;
    }

    private void onListenerAnswer(String message, ByteArrayOutputStream out) {
        String proposed = proposals.get(next - 1);
        if (message.equals(proposed)) {
            selected = proposed;
        } else if (NA.equals(message)) {
            if (next >= proposals.size()) {
                refused = true;
                return;
            }
            writeMessage(out, proposals.get(next++));
        } else {
            throw new MultistreamException("listener answered " + quote(message) + " to " + quote(proposed));
        }
    }

    private void onProposal(String message, ByteArrayOutputStream out) {
        if (++proposalsSeen > MAX_PROPOSALS) {
            throw new MultistreamException("more than " + MAX_PROPOSALS + " proposals");
        }
        if (!LS.equals(message) && isValidProtocolId(message) && supported.test(message)) {
            selected = message;
            writeMessage(out, message);
        } else {
            // Unknown protocols, and the retired "ls" command, are both refused the same way.
            writeMessage(out, NA);
        }
    }

    private String nextMessage() {
        byte[] frame;
        try {
            frame = in.nextFrame(MAX_MESSAGE);
        } catch (FrameFormatException e) {
            throw new MultistreamException("bad message: " + e.getMessage());
        }
        if (frame == null) {
            return null;
        }
        if (frame.length == 0 || frame[frame.length - 1] != '\n') {
            throw new MultistreamException("message does not end with a newline");
        }
        return new String(frame, 0, frame.length - 1, StandardCharsets.UTF_8);
    }

    private static void writeMessage(ByteArrayOutputStream out, String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.writeBytes(FrameBuffer.frame(body));
    }

    private static boolean isValidProtocolId(String p) {
        return !p.isEmpty() && p.length() < MAX_MESSAGE && p.indexOf('\n') < 0;
    }

    private static void checkProtocolId(String p) {
        if (!isValidProtocolId(p) || p.getBytes(StandardCharsets.UTF_8).length + 1 > MAX_MESSAGE) {
            throw new IllegalArgumentException("not a valid protocol ID: " + quote(p));
        }
    }

    private static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return '"' + shown.replace("\n", "\\n") + '"';
    }
}
