/**
 * Hostile peers for test networks: {@link io.cairn.testnet.adversary.MaliciousNode} answers DHT lookups with lies
 * and serves Bitswap blocks whose bytes do not match their CIDs, and counts what it did, so a scenario can check
 * that honest nodes were not fooled.
 */
package io.cairn.testnet.adversary;
