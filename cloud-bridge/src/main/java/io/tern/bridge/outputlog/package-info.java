/**
 * Adapter for the gateway's output log: a Chronicle Queue of serialized {@code
 * tern.v1.GatewayOutput} excerpts, tailed with a named (restart-safe) position. The only place that
 * sees Protobuf and Chronicle types.
 */
package io.tern.bridge.outputlog;
