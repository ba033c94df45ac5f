/** Cairn core: the CloudTrail event model, decoding, and rule matching. */
package dev.cairn;
