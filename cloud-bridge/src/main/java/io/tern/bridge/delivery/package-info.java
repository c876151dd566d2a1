/**
 * The delivery loop: read a batch from the output log, hand it to the sink, advance the read
 * position only once the sink made the batch durable (at-least-once). Pure Java, no vendor types;
 * the log and the sink are adapters behind {@link io.tern.bridge.delivery.OutputSource} and {@link
 * io.tern.bridge.sink.Sink}.
 */
package io.tern.bridge.delivery;
