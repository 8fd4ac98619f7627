/**
 * Unsigned-varint length-prefixed framing, the message framing of multistream-select, identify, the DHT and
 * Bitswap. Works on byte arrays, so protocol code above the wire never sees a {@code ByteBuf}.
 */
package io.cairn.network.wire;
