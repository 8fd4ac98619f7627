package io.cairn.core.multiformats;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * The multibase encodings Cairn reads and writes. A multibase string is one prefix character naming the base
 * followed by the payload in that base. Encoding never pads unless the base's name says so; decoding is strict
 * (characters outside the alphabet, or non-canonical trailing bits, are errors) except for letter case: base16, base32
 * and base36 decode ASCII letters of either case, as the multibase spec's case-insensitivity test vectors require
 * and go-multibase does.
 */
public enum Multibase {
    BASE16('f', "base16"),
    BASE16_UPPER('F', "base16upper"),
    BASE32('b', "base32"),
    BASE32_UPPER('B', "base32upper"),
    BASE36('k', "base36"),
    BASE36_UPPER('K', "base36upper"),
    BASE58_BTC('z', "base58btc"),
    BASE64('m', "base64"),
    BASE64_PAD('M', "base64pad"),
    BASE64_URL('u', "base64url"),
    BASE64_URL_PAD('U', "base64urlpad");

    private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String B32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String B16 = "0123456789abcdef";
    private static final int[] B58_INDEX = index(B58);
    private static final int[] B32_INDEX = index(B32);
    private static final int[] B36_INDEX = index(B36);
    private static final int[] B16_INDEX = index(B16);

    private final char prefix;
    private final String multibaseName;

    Multibase(char prefix, String multibaseName) {
        this.prefix = prefix;
        this.multibaseName = multibaseName;
    }

    public char prefix() {
        return prefix;
    }

    /** The name in the multibase table, e.g. {@code base32}. */
    public String multibaseName() {
        return multibaseName;
    }

    public static Multibase forPrefix(char prefix) {
        for (Multibase b : values()) {
            if (b.prefix == prefix) {
                return b;
            }
        }
        throw new MultibaseFormatException("unsupported multibase prefix '" + prefix + "'");
    }

    public static Multibase forName(String name) {
        for (Multibase b : values()) {
            if (b.multibaseName.equals(name)) {
                return b;
            }
        }
        throw new MultibaseFormatException("unsupported multibase '" + name + "'");
    }

    /** Encodes with the prefix character. */
    public String encode(byte[] data) {
        return prefix + encodeRaw(data);
    }

    /** Decodes a prefixed multibase string in whichever supported base its prefix names. */
    public static byte[] decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new MultibaseFormatException("empty multibase string");
        }
        return forPrefix(text.charAt(0)).decodeRaw(text.substring(1));
    }

    /** Encodes without the prefix character. */
    public String encodeRaw(byte[] data) {
        switch (this) {
            case BASE16: return base16Encode(data);
            case BASE16_UPPER: return base16Encode(data).toUpperCase(java.util.Locale.ROOT);
            case BASE32: return base32Encode(data);
            case BASE32_UPPER: return base32Encode(data).toUpperCase(java.util.Locale.ROOT);
            case BASE36: return baseXEncode(data, B36);
            case BASE36_UPPER: return baseXEncode(data, B36).toUpperCase(java.util.Locale.ROOT);
            case BASE58_BTC: return baseXEncode(data, B58);
            case BASE64: return Base64.getEncoder().withoutPadding().encodeToString(data);
            case BASE64_PAD: return Base64.getEncoder().encodeToString(data);
            case BASE64_URL: return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
            case BASE64_URL_PAD: return Base64.getUrlEncoder().encodeToString(data);
            default: throw new AssertionError(this);
        }
    }

    /** Decodes text without its prefix character. */
    public byte[] decodeRaw(String text) {
        switch (this) {
            case BASE16:
            case BASE16_UPPER: return base16Decode(asciiLower(text));
            case BASE32:
            case BASE32_UPPER: return base32Decode(asciiLower(text));
            case BASE36:
            case BASE36_UPPER: return baseXDecode(asciiLower(text), B36, B36_INDEX);
            case BASE58_BTC: return baseXDecode(text, B58, B58_INDEX);
            case BASE64: return base64(text, false, false);
            case BASE64_PAD: return base64(text, false, true);
            case BASE64_URL: return base64(text, true, false);
            case BASE64_URL_PAD: return base64(text, true, true);
            default: throw new AssertionError(this);
        }
    }

    /**
     * Folds ASCII upper case only: {@code String.toLowerCase} would also map non-ASCII letters such as the Kelvin
     * sign (U+212A) to ASCII {@code k}, letting text outside the alphabet decode.
     */
    private static String asciiLower(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    private static int[] index(String alphabet) {
        int[] idx = new int[128];
        Arrays.fill(idx, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            idx[alphabet.charAt(i)] = i;
        }
        return idx;
    }

    private static String base16Encode(byte[] data) {
        char[] out = new char[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            out[2 * i] = B16.charAt((data[i] >> 4) & 0xF);
            out[2 * i + 1] = B16.charAt(data[i] & 0xF);
        }
        return new String(out);
    }

    private static byte[] base16Decode(String text) {
        if ((text.length() & 1) != 0) {
            throw new MultibaseFormatException("base16 text has odd length");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(text.charAt(2 * i), B16_INDEX, "base16") << 4)
                    | digit(text.charAt(2 * i + 1), B16_INDEX, "base16"));
        }
        return out;
    }

    private static int digit(char c, int[] index, String base) {
        int d = c < 128 ? index[c] : -1;
        if (d < 0) {
            throw new MultibaseFormatException("invalid " + base + " character '" + c + "'");
        }
        return d;
    }

    private static String base32Encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(B32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(B32.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    private static byte[] base32Decode(String text) {
        int len = text.length();
        // Lengths 1, 3 and 6 mod 8 cannot come from whole bytes.
        int rem = len % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new MultibaseFormatException("base32 text has an impossible length " + len);
        }
        byte[] out = new byte[len * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < len; i++) {
            buffer = (buffer << 5) | digit(text.charAt(i), B32_INDEX, "base32");
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new MultibaseFormatException("base32 text has non-zero trailing bits");
        }
        return out;
    }

    /** 58^5, the largest power of 58 whose product with 2^32 stays below 2^63. */
    private static final long BASE58_CHUNK = 656_356_768L;

    /**
     * Leading zero bytes become leading zero digits; the rest is the big-endian number in base {@code radix}. Long
     * division rather than BigInteger (printing 100,000 CIDv0s for pin ls spent most of its time in BigInteger
     * division); base 58, every CIDv0, divides four input bytes at a time into digits of base 58^5 by a constant.
     */
    private static String baseXEncode(byte[] data, String alphabet) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        StringBuilder sb = new StringBuilder(zeros + (data.length - zeros) * 2);
        for (int i = 0; i < zeros; i++) {
            sb.append(alphabet.charAt(0));
        }
        if (alphabet.length() == 58) {
            base58Digits(data, zeros, alphabet, sb);
        } else {
            smallRadixDigits(data, zeros, alphabet, sb);
        }
        return sb.toString();
    }

    private static void base58Digits(byte[] data, int from, String alphabet, StringBuilder sb) {
        // Digits of base 58^5, least significant first; each holds 29.3 bits.
        long[] big = new long[(data.length - from) * 8 / 29 + 2];
        int len = 0;
        int i = from;
        while (i < data.length) {
            // The first group takes the leftover bytes so that the rest are whole 4-byte groups.
            int n = i == from && (data.length - from) % 4 != 0 ? (data.length - from) % 4 : 4;
            long carry = 0;
            for (int k = 0; k < n; k++) {
                carry = carry << 8 | (data[i++] & 0xFF);
            }
            int shift = 8 * n;
            for (int j = 0; j < len; j++) {
                carry += big[j] << shift;
                big[j] = carry % BASE58_CHUNK;
                carry /= BASE58_CHUNK;
            }
            while (carry > 0) {
                big[len++] = carry % BASE58_CHUNK;
                carry /= BASE58_CHUNK;
            }
        }
        char[] chunk = new char[5];
        for (int j = len - 1; j >= 0; j--) {
            long v = big[j];
            for (int k = 4; k >= 0; k--) {
                chunk[k] = alphabet.charAt((int) (v % 58));
                v /= 58;
            }
            int skip = 0;
            if (j == len - 1) {
                while (skip < 4 && chunk[skip] == alphabet.charAt(0)) {
                    skip++;
                }
            }
            sb.append(chunk, skip, 5 - skip);
        }
    }

    private static void smallRadixDigits(byte[] data, int from, String alphabet, StringBuilder sb) {
        int radix = alphabet.length();
        // Least significant digit first; at most log(256)/log(radix) digits per input byte.
        int[] digits = new int[(int) Math.ceil((data.length - from) * Math.log(256) / Math.log(radix)) + 1];
        int len = 0;
        for (int i = from; i < data.length; i++) {
            int carry = data[i] & 0xFF;
            for (int j = 0; j < len; j++) {
                carry += digits[j] << 8;
                digits[j] = carry % radix;
                carry /= radix;
            }
            while (carry > 0) {
                digits[len++] = carry % radix;
                carry /= radix;
            }
        }
        for (int j = len - 1; j >= 0; j--) {
            sb.append(alphabet.charAt(digits[j]));
        }
    }

    private byte[] baseXDecode(String text, String alphabet, int[] index) {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == alphabet.charAt(0)) {
            zeros++;
        }
        BigInteger n = BigInteger.ZERO;
        BigInteger radix = BigInteger.valueOf(alphabet.length());
        for (int i = zeros; i < text.length(); i++) {
            n = n.multiply(radix).add(BigInteger.valueOf(digit(text.charAt(i), index, multibaseName)));
        }
        byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int skip = mag.length > 0 && mag[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + mag.length - skip];
        System.arraycopy(mag, skip, out, zeros, mag.length - skip);
        return out;
    }

    private byte[] base64(String text, boolean url, boolean padded) {
        if (!padded && text.indexOf('=') >= 0) {
            throw new MultibaseFormatException(multibaseName + " text must not be padded");
        }
        if (padded && text.length() % 4 != 0) {
            throw new MultibaseFormatException(multibaseName + " text must be padded");
        }
        try {
            byte[] out = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
            // java.util.Base64 accepts non-zero trailing bits; multibase is canonical, so re-encode and compare.
            if (!encodeRaw(out).equals(text)) {
                throw new MultibaseFormatException(multibaseName + " text is not canonical");
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new MultibaseFormatException("invalid " + multibaseName + " text: " + e.getMessage());
        }
    }
}
