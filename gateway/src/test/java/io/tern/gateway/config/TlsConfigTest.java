package io.tern.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.config.TlsConfig.ClientAuth;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TlsConfigTest {
  private static final Path CERT = Path.of("server.pem");
  private static final Path KEY = Path.of("server-key.pem");
  private static final Path CA = Path.of("ca.pem");

  @Test
  void off_byDefault() {
    TlsConfig tls = new TlsConfig(null, null, null, null, null, null);
    assertThat(tls.enabled()).isFalse();
    assertThat(tls.clientCertificates()).isFalse();
  }

  @Test
  void clientCa_makesCertificatesRequired_unlessOptional() {
    assertThat(new TlsConfig(8883, null, CERT, KEY, CA, null).effectiveClientAuth())
        .isEqualTo(ClientAuth.REQUIRED);
    assertThat(new TlsConfig(8883, null, CERT, KEY, CA, ClientAuth.OPTIONAL).effectiveClientAuth())
        .isEqualTo(ClientAuth.OPTIONAL);
    TlsConfig serverOnly = new TlsConfig(8883, null, CERT, KEY, null, null);
    assertThat(serverOnly.effectiveClientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(serverOnly.clientCertificates()).isFalse();
  }

  @Test
  void port_withoutCertOrKey_isRefused() {
    assertThatThrownBy(() -> new TlsConfig(8883, null, CERT, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the TLS listener needs a server certificate and its key");
  }

  @Test
  void filesWithoutPort_areRefused() {
    assertThatThrownBy(() -> new TlsConfig(null, null, CERT, KEY, null, null))
        .hasMessageContaining("tern.gateway.tls.port (--tls-port) is not");
  }

  @Test
  void clientAuth_withoutClientCa_isRefused() {
    assertThatThrownBy(() -> new TlsConfig(8883, null, CERT, KEY, null, ClientAuth.REQUIRED))
        .hasMessageStartingWith("--tls-client-auth required needs --tls-client-ca ca.pem");
  }

  @Test
  void portOutOfRange_isRefused() {
    assertThatThrownBy(() -> new TlsConfig(70_000, null, CERT, KEY, null, null))
        .hasMessage("tern.gateway.tls.port must be 0..65535 (0 = any free port), was 70000");
  }
}
