/**
 * libp2p's Noise secure channel, protocol id {@code /noise}: the {@code Noise_XX_25519_ChaChaPoly_SHA256} handshake
 * with an empty prologue, the libp2p handshake payload that binds the Noise static key to the peer's identity key,
 * and the 2-byte big-endian framing of every handshake and transport message.
 *
 * <p>{@link io.cairn.network.noise.NoiseHandshake} is the sans-IO state machine (bytes in, bytes out) and
 * {@link io.cairn.network.noise.NoiseCipher} the transport cipher it splits into; {@link
 * io.cairn.network.noise.NoiseHandler} drives both on a Netty channel. Every failure caused by the remote side is a
 * {@link io.cairn.network.noise.NoiseException} (a {@link io.cairn.core.FormatException}).
 */
package io.cairn.network.noise;
