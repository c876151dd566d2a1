package io.tern.gateway.ingest;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an agent's MQTT will into an offline announcement. The broker publishes a will itself, past
 * the publish interceptors, so the gateway learns it from the connection's life instead: at CONNECT
 * it remembers clients whose will is an OFFLINE status on {@code tern/v1/status/{deviceId}}; when
 * such a connection is lost, closed by the server, or closed by the client with "disconnect with
 * will message", the device is announced offline. A clean DISCONNECT sends no will and announces
 * nothing. The will delay is not waited for: a device that reconnects within it clears the alert
 * with its next reading.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; never blocks.
 */
@Singleton
public final class WillWatcher implements ClientLifecycleEventListener {
  private final OfflineAnnouncements announcements;
  private final Map<String, String> deviceOfClient = new ConcurrentHashMap<>();

  public WillWatcher(OfflineAnnouncements announcements) {
    this.announcements = announcements;
  }

  @Override
  public void onMqttConnectionStart(ConnectionStartInput input) {
    String clientId = input.getClientInformation().getClientId();
    Optional<String> device =
        input.getConnectPacket().getWillPublish().flatMap(WillWatcher::offline);
    if (device.isPresent()) {
      deviceOfClient.put(clientId, device.get());
    } else {
      deviceOfClient.remove(clientId);
    }
  }

  private static Optional<String> offline(WillPublishPacket will) {
    if (!StatusDecoder.isStatus(will.getTopic())) {
      return Optional.empty();
    }
    ByteBuffer payload = will.getPayload().orElse(ByteBuffer.allocate(0));
    return StatusDecoder.decode(will.getTopic(), payload) instanceof StatusDecoder.Result.Status s
            && s.offline()
        ? Optional.of(s.deviceId())
        : Optional.empty();
  }

  @Override
  public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

  @Override
  public void onConnectionLost(ConnectionLostInput input) {
    willSent(input, "MQTT will: connection lost");
  }

  @Override
  public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
    willSent(input, "MQTT will: disconnected by the gateway");
  }

  @Override
  public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
    if (input.getReasonCode().orElse(null) == DisconnectedReasonCode.DISCONNECT_WITH_WILL_MESSAGE) {
      willSent(input, "MQTT will: disconnect with will message");
    } else {
      deviceOfClient.remove(input.getClientInformation().getClientId());
    }
  }

  @Override
  public void onDisconnect(DisconnectEventInput input) {
    deviceOfClient.remove(input.getClientInformation().getClientId());
  }

  private void willSent(DisconnectEventInput input, String how) {
    String deviceId = deviceOfClient.remove(input.getClientInformation().getClientId());
    if (deviceId != null) {
      announcements.announce(deviceId, how);
    }
  }
}
