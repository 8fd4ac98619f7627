/**
 * End-to-end scenarios over a {@link io.cairn.testnet.local.LocalTestnet}: each drives the nodes through the
 * {@code cairn} command line and their gateways as a user would, times every step and says whether it passed.
 */
package io.cairn.testnet.scenario;
