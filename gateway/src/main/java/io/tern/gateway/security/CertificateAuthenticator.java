package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import io.micronaut.core.annotation.Nullable;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.security.auth.x500.X500Principal;

/**
 * Authenticates a CONNECT by its TLS client certificate when it presented one, else by user name
 * and password ({@link PasswordAuthenticator}, if there is a credentials file).
 *
 * <p>The broker has already checked the certificate against the client CA (signature, validity
 * dates) during the TLS handshake, so the CA is the authority: the certificate's subject CN is the
 * identity, whether or not the credentials file lists it. The CN must be a valid name ({@link
 * Identity#NAME}), else {@code NOT_AUTHORIZED}; the client id must equal it, else {@code
 * CLIENT_IDENTIFIER_NOT_VALID}. The role is {@code operator} if the credentials file lists the name
 * as an operator, else {@code device}. A user name and password sent along with a certificate are
 * ignored.
 *
 * <p>Threading: called by HiveMQ's extension threads; a certificate check is cheap and runs there.
 */
final class CertificateAuthenticator implements SimpleAuthenticator {
  private final @Nullable CredentialStore store;
  private final @Nullable PasswordAuthenticator passwords;
  private final SecurityMetrics metrics;

  /**
   * @param store the credentials file (roles of certificate names), null without one
   * @param passwords for clients without a certificate; null: they are refused
   */
  CertificateAuthenticator(
      @Nullable CredentialStore store,
      @Nullable PasswordAuthenticator passwords,
      SecurityMetrics metrics) {
    this.store = store;
    this.passwords = passwords;
    this.metrics = metrics;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    Optional<X509Certificate> certificate =
        input
            .getConnectionInformation()
            .getClientTlsInformation()
            .flatMap(ClientTlsInformation::getClientCertificate);
    if (certificate.isPresent()) {
      byCertificate(input, output, certificate.get());
    } else if (passwords != null) {
      passwords.onConnect(input, output);
    } else {
      refuse(
          output,
          input.getConnectPacket(),
          ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
          "a client certificate is required (there is no credentials file for passwords)");
    }
  }

  private void byCertificate(
      SimpleAuthInput input, SimpleAuthOutput output, X509Certificate certificate) {
    ConnectPacket connect = input.getConnectPacket();
    Optional<String> name =
        commonName(certificate).filter(cn -> Identity.NAME.matcher(cn).matches());
    if (name.isEmpty()) {
      refuse(
          output,
          connect,
          ConnackReasonCode.NOT_AUTHORIZED,
          "the certificate's subject must have one CN that is a valid device id");
      return;
    }
    if (!connect.getClientId().equals(name.get())) {
      refuse(
          output,
          connect,
          ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
          "the client id must be the certificate's CN '" + name.get() + "'");
      return;
    }
    Role role = store == null ? Role.DEVICE : store.roleOf(name.get()).orElse(Role.DEVICE);
    ClientIdentities.remember(input.getConnectionInformation(), new Identity(name.get(), role));
    output.authenticateSuccessfully();
  }

  /** The subject's CN, if it has exactly one. */
  static Optional<String> commonName(X509Certificate certificate) {
    try {
      LdapName subject =
          new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
      List<String> names =
          subject.getRdns().stream()
              .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
              .map(rdn -> String.valueOf(rdn.getValue()))
              .toList();
      return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  private void refuse(
      SimpleAuthOutput output, ConnectPacket connect, ConnackReasonCode code, String reason) {
    PasswordAuthenticator.refuse(metrics, output, connect, code, reason);
  }
}
