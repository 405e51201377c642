/**
 * The atproto event stream ({@code com.atproto.sync.subscribeRepos}) as Stratus reads it: frames of
 * two DAG-CBOR values, the CAR slices of commits, and the video posts and deletions in them.
 */
@NullMarked
package dev.stratus.firehose;

import org.jspecify.annotations.NullMarked;
