/**
 * Multiformats values: unsigned varints, multibase, multihash, multicodec codes and CIDs. Every value is
 * immutable, compares by its bytes, and round-trips both its text form and its binary form.
 */
package io.cairn.core.multiformats;
