/**
 * multistream-select 1.0: agreeing on the protocol that follows on a connection or a stream. The negotiation
 * itself is sans-IO ({@link io.cairn.network.multistream.MultistreamNegotiator}); the Netty handler drives it on a
 * raw or secured connection, and the host drives it on each multiplexed stream.
 */
package io.cairn.network.multistream;
