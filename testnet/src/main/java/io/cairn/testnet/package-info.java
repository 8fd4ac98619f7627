/**
 * Many Cairn nodes on one machine (not yet built; see issue "testnet"): scenarios with churn and faults, and the
 * large-scale simulator that drives the real DHT code over a simulated network.
 */
package io.cairn.testnet;
