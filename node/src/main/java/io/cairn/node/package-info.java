/**
 * The composition root: wires one Cairn node together from its configuration. Today it holds only the command
 * line; the daemon, repository wiring and network join as their issues land.
 */
package io.cairn.node;
