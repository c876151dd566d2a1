package io.tern.gateway.deadletter;

/** Where dead letters go. Implementations must not block: they are called by broker threads. */
interface DeadLetterSink {

  /** Sends one dead letter's JSON to its topic, with the reason as a user property. */
  void send(String topic, String reason, byte[] json);
}
