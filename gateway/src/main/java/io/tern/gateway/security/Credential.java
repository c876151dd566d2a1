package io.tern.gateway.security;

/**
 * One line of the credentials file: who, in which role, and the hash of the password.
 *
 * @param identity the MQTT user name (for a device: its device id and client id) and its role
 * @param password the salted hash of its password
 */
public record Credential(Identity identity, PasswordHash password) {

  public String name() {
    return identity.name();
  }

  public Role role() {
    return identity.role();
  }
}
