/** Kafka implementation of the bridge's sink: idempotent producer, topics created on demand. */
package io.tern.bridge.sink.kafka;
