/**
 * The running node ({@code cairn daemon}): {@link io.cairn.node.daemon.Daemon} starts the services a repository's
 * config asks for, each a {@link io.cairn.node.daemon.DaemonService} with its listen addresses, and closes them in
 * reverse order. Today that is the HTTP gateway over the local block store; the RPC API and the swarm (with a
 * block source that falls back to the network) are further services started here.
 */
package io.cairn.node.daemon;
