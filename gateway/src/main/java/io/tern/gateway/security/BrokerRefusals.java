package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.interceptor.connack.ConnackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connack.parameter.ConnackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.connack.parameter.ConnackOutboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import io.tern.gateway.limits.LogThrottle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the limits HiveMQ enforces itself, as it answers them: CONNACK {@code QUOTA_EXCEEDED}
 * ({@code max-connections}) or {@code PACKET_TOO_LARGE} (an oversized CONNECT) as {@code
 * packet="connect"}; DISCONNECT {@code PACKET_TOO_LARGE} ({@code max-packet-size}) or {@code
 * RECEIVE_MAXIMUM_EXCEEDED} ({@code max-in-flight}) as {@code packet="disconnect"}. Logged at most
 * once per client per minute. Other CONNACK and DISCONNECT codes are left to whoever sent them (the
 * authenticator counts its own refusals).
 *
 * <p>DISCONNECTs are counted from the client's lifecycle event ({@link
 * #onServerInitiatedDisconnect}), not by a {@code DisconnectOutboundInterceptor}: with such an
 * interceptor HiveMQ writes the DISCONNECT later, from an extension thread, and where it closes the
 * connection right after disconnecting (a PUBLISH to a {@code $} topic, DISCONNECT 0x82) the
 * connection is gone first and the client never learns the reason code.
 *
 * <p>Threading: called concurrently by HiveMQ's threads; never blocks.
 */
@Singleton
public final class BrokerRefusals
    implements ConnackOutboundInterceptor, ClientLifecycleEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerRefusals.class);
  private static final Set<ConnackReasonCode> CONNACKS =
      Set.of(ConnackReasonCode.QUOTA_EXCEEDED, ConnackReasonCode.PACKET_TOO_LARGE);
  private static final Set<DisconnectedReasonCode> DISCONNECTS =
      Set.of(
          DisconnectedReasonCode.PACKET_TOO_LARGE,
          DisconnectedReasonCode.RECEIVE_MAXIMUM_EXCEEDED,
          DisconnectedReasonCode.TOPIC_NAME_INVALID);

  private final SecurityMetrics metrics;
  private final InstantSource clock;
  private final LogThrottle logThrottle = new LogThrottle();

  @Inject
  public BrokerRefusals(SecurityMetrics metrics) {
    this(metrics, InstantSource.system());
  }

  BrokerRefusals(SecurityMetrics metrics, InstantSource clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void onOutboundConnack(ConnackOutboundInput input, ConnackOutboundOutput output) {
    ConnackReasonCode code = input.getConnackPacket().getReasonCode();
    if (CONNACKS.contains(code)) {
      refused("connect", "CONNACK", code, input.getClientInformation().getClientId());
    }
  }

  @Override
  public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
    input
        .getReasonCode()
        .filter(DISCONNECTS::contains)
        .ifPresent(
            code ->
                refused(
                    "disconnect", "DISCONNECT", code, input.getClientInformation().getClientId()));
  }

  @Override
  public void onMqttConnectionStart(ConnectionStartInput input) {}

  @Override
  public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

  @Override
  public void onDisconnect(DisconnectEventInput input) {}

  private void refused(String packet, String answer, Enum<?> code, String clientId) {
    metrics.refused(packet, code);
    if (logThrottle.shouldLog(clientId + "|" + code, clock.millis())) {
      LOG.warn(
          "Client '{}' hit a broker limit (tern.gateway.limits.*): {} {}; counted in"
              + " tern_gateway_security_refusals_total, logged at most once a minute per client",
          clientId,
          answer,
          code);
    }
  }
}
