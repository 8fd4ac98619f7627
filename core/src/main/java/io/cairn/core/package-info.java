/**
 * Cairn's core: content-addressing values (CIDs, multihashes, multiaddrs), the DAG-PB and UnixFS codecs,
 * chunkers, DAG builders and readers, CAR files, and the ports that the storage, network and gateway modules
 * implement. Nothing here touches a socket or a database.
 */
package io.cairn.core;
