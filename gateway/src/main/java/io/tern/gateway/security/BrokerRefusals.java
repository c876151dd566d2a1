package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.interceptor.connack.ConnackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connack.parameter.ConnackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.connack.parameter.ConnackOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.disconnect.DisconnectOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.disconnect.parameter.DisconnectOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.disconnect.parameter.DisconnectOutboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
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
 * <p>Threading: called concurrently by HiveMQ's threads; never blocks.
 */
@Singleton
public final class BrokerRefusals
    implements ConnackOutboundInterceptor, DisconnectOutboundInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerRefusals.class);
  private static final Set<ConnackReasonCode> CONNACKS =
      Set.of(ConnackReasonCode.QUOTA_EXCEEDED, ConnackReasonCode.PACKET_TOO_LARGE);
  private static final Set<DisconnectReasonCode> DISCONNECTS =
      Set.of(
          DisconnectReasonCode.PACKET_TOO_LARGE,
          DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED,
          DisconnectReasonCode.TOPIC_NAME_INVALID);

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
  public void onOutboundDisconnect(DisconnectOutboundInput input, DisconnectOutboundOutput output) {
    DisconnectReasonCode code = input.getDisconnectPacket().getReasonCode();
    if (DISCONNECTS.contains(code)) {
      refused("disconnect", "DISCONNECT", code, input.getClientInformation().getClientId());
    }
  }

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
