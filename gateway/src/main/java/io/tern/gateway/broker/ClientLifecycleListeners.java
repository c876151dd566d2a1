package io.tern.gateway.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import java.util.List;

/**
 * Several client lifecycle listeners as one: HiveMQ takes a single listener provider per extension.
 * Hands every event to each listener, in order.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; as safe as its listeners.
 */
final class ClientLifecycleListeners implements ClientLifecycleEventListener {
  private final List<ClientLifecycleEventListener> listeners;

  ClientLifecycleListeners(ClientLifecycleEventListener... listeners) {
    this.listeners = List.of(listeners);
  }

  @Override
  public void onMqttConnectionStart(ConnectionStartInput input) {
    listeners.forEach(l -> l.onMqttConnectionStart(input));
  }

  @Override
  public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
    listeners.forEach(l -> l.onAuthenticationSuccessful(input));
  }

  @Override
  public void onDisconnect(DisconnectEventInput input) {
    listeners.forEach(l -> l.onDisconnect(input));
  }

  @Override
  public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {
    listeners.forEach(l -> l.onAuthenticationFailedDisconnect(input));
  }

  @Override
  public void onConnectionLost(ConnectionLostInput input) {
    listeners.forEach(l -> l.onConnectionLost(input));
  }

  @Override
  public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
    listeners.forEach(l -> l.onClientInitiatedDisconnect(input));
  }

  @Override
  public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
    listeners.forEach(l -> l.onServerInitiatedDisconnect(input));
  }
}
