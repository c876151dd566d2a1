package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import java.util.Optional;

/**
 * The authenticated identity of a connection, kept in HiveMQ's connection attributes from CONNECT
 * until the connection closes. Thread-safe (HiveMQ's attribute store is).
 */
final class ClientIdentities {
  private static final String NAME = "tern.identity.name";
  private static final String ROLE = "tern.identity.role";

  private ClientIdentities() {}

  static void remember(ConnectionInformation connection, Identity identity) {
    ConnectionAttributeStore attributes = connection.getConnectionAttributeStore();
    attributes.putAsString(NAME, identity.name());
    attributes.putAsString(ROLE, identity.role().label());
  }

  /** The identity authenticated on {@code connection}; empty if none was. */
  static Optional<Identity> of(ConnectionInformation connection) {
    ConnectionAttributeStore attributes = connection.getConnectionAttributeStore();
    Optional<String> name = attributes.getAsString(NAME);
    Optional<String> role = attributes.getAsString(ROLE);
    if (name.isEmpty() || role.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Identity(name.get(), Role.ofLabel(role.get())));
  }
}
