/**
 * Kafka implementation of the bridge's sink: transactional (exactly-once) or idempotent producer.
 */
package io.tern.bridge.sink.kafka;
