/**
 * Multiaddrs: self-describing, composable network addresses ({@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}) in
 * their text and binary forms, with the protocol codes and value encodings of multiformats' {@code protocols.csv}.
 * This package owns parsing, printing and composing them; it never resolves a DNS name or touches a socket.
 */
package io.cairn.core.multiaddr;
