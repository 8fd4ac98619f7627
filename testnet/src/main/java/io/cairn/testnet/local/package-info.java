/**
 * A testnet of real Cairn daemon processes on loopback: starting N of them as one private network (each with its
 * own repository and ports, the first one the seed every other bootstraps from), recording them in
 * {@code nodes.tsv} so a later command can find and stop them, and the {@code testnet/run} entry point. Every wait
 * is bounded and every address is 127.0.0.1.
 */
package io.cairn.testnet.local;
