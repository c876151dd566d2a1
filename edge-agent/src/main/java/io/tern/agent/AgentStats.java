package io.tern.agent;

import io.tern.agent.outbox.OutboxHealth;

/**
 * A snapshot of one agent's progress.
 *
 * @param deviceId the device
 * @param streamEpoch random id of the outbox stream (see DESIGN.md, delivery guarantees)
 * @param lastSeq seq of the last recorded reading (0 if none)
 * @param ackedSeq highest seq acknowledged by the gateway, with every earlier one
 * @param batchesAcked batches acknowledged since the agent started
 * @param quotaRefusals batches the gateway refused with PUBACK 0x97 (quota exceeded) since the
 *     agent started; each was sent again after a pause
 * @param connected whether the agent is connected to the gateway now
 * @param buffer outbox fill, oldest unsent age, readings dropped unsent per reason, offline budget
 */
public record AgentStats(
    String deviceId,
    long streamEpoch,
    long lastSeq,
    long ackedSeq,
    long batchesAcked,
    long quotaRefusals,
    boolean connected,
    OutboxHealth buffer) {}
