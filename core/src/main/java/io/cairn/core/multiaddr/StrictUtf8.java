package io.cairn.core.multiaddr;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for text-valued components. Both directions refuse what the other could not reproduce (malformed
 * bytes, lone surrogates), so a value that is accepted round-trips exactly; the JDK's lenient String conversions
 * would silently substitute U+FFFD or '?'.
 */
final class StrictUtf8 {
    private StrictUtf8() {}

    static byte[] encode(String text, String what) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new MultiaddrFormatException(what + " is not well-formed Unicode", e);
        }
    }

    static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MultiaddrFormatException(what + " is not valid UTF-8", e);
        }
    }
}
