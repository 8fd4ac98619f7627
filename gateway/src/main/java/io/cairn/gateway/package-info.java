/**
 * The HTTP front ends (not yet built; see issue "The running node"): the path and trustless IPFS gateways and the
 * Kubo-compatible RPC API. It sees storage and the network only through the ports in {@code io.cairn.core.block}.
 */
package io.cairn.gateway;
