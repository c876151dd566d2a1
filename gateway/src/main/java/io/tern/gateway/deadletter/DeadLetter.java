package io.tern.gateway.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One dead letter, as published (JSON) on {@code tern/v1/dlq/{deviceId}}. Fields that do not apply
 * are left out of the JSON: {@code seq} and {@code metric} exist only for a rejected reading; the
 * payload is carried once per rejected message (by its first dead letter).
 *
 * @param deviceId the device the message was for (topic device; else the client id)
 * @param clientId MQTT client id of the sender
 * @param topic the topic the message was published on
 * @param reason a {@code RejectionReason} name
 * @param detail human-readable explanation
 * @param receivedAtMs when the gateway received the message, epoch ms (gateway clock)
 * @param seq the rejected reading's seq, or null for a whole message
 * @param metric the rejected reading's metric name, or null (whole message, or unknown metric)
 * @param payloadBase64 the message's original bytes, base64 (possibly truncated), or null
 * @param payloadBytes the size of the original payload when {@code payloadBase64} is set
 * @param payloadTruncated true if {@code payloadBase64} holds only the first bytes, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    String deviceId,
    String clientId,
    String topic,
    String reason,
    String detail,
    long receivedAtMs,
    Long seq,
    String metric,
    String payloadBase64,
    Integer payloadBytes,
    Boolean payloadTruncated) {}
