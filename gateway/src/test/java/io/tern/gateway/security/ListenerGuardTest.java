package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.security.ListenerGuard.Exposure;
import org.junit.jupiter.api.Test;

class ListenerGuardTest {

  @Test
  void anyAddress_withoutCredentials_isRefused() {
    assertThatThrownBy(() -> ListenerGuard.check("0.0.0.0", false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "MQTT would listen on 0.0.0.0 (reachable from the network) without credentials")
        .hasMessageContaining("--allow-anonymous");
    assertThatThrownBy(() -> ListenerGuard.check("::", false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anyAddress_withCredentialsOrAllowed_runs() {
    assertThat(ListenerGuard.check("0.0.0.0", true, false)).isEqualTo(Exposure.AUTHENTICATED);
    assertThat(ListenerGuard.check("0.0.0.0", false, true)).isEqualTo(Exposure.ANONYMOUS_ALLOWED);
  }

  @Test
  void loopback_withoutCredentials_runsAnonymously() {
    assertThat(ListenerGuard.check("127.0.0.1", false, false))
        .isEqualTo(Exposure.LOOPBACK_ANONYMOUS);
    assertThat(ListenerGuard.check("::1", false, false)).isEqualTo(Exposure.LOOPBACK_ANONYMOUS);
    assertThat(ListenerGuard.check("localhost", false, false))
        .isEqualTo(Exposure.LOOPBACK_ANONYMOUS);
    assertThat(ListenerGuard.check("127.0.0.1", true, false)).isEqualTo(Exposure.AUTHENTICATED);
  }

  @Test
  void tlsOnTheNetwork_withClientCertificatesOrCredentials_runsWithoutAllowAnonymous() {
    assertThat(ListenerGuard.check("127.0.0.1", "0.0.0.0", false, true, false))
        .isEqualTo(Exposure.AUTHENTICATED);
    assertThat(ListenerGuard.check("127.0.0.1", "0.0.0.0", true, false, false))
        .isEqualTo(Exposure.AUTHENTICATED);
    // client certificates make every listener authenticate, the plain one too
    assertThat(ListenerGuard.check("0.0.0.0", "0.0.0.0", false, true, false))
        .isEqualTo(Exposure.AUTHENTICATED);
  }

  @Test
  void tlsOnTheNetwork_withoutClientCertificatesOrCredentials_isRefused() {
    assertThatThrownBy(() -> ListenerGuard.check("127.0.0.1", "0.0.0.0", false, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "MQTT would listen on 0.0.0.0 (reachable from the network) without credentials")
        .hasMessageContaining("--tls-client-ca");
    assertThat(ListenerGuard.check("127.0.0.1", "0.0.0.0", false, false, true))
        .isEqualTo(Exposure.ANONYMOUS_ALLOWED);
    assertThat(ListenerGuard.check("127.0.0.1", "127.0.0.1", false, false, false))
        .isEqualTo(Exposure.LOOPBACK_ANONYMOUS);
  }

  @Test
  void plainOnTheNetwork_keepsTheRule_whenTlsIsOnLoopback() {
    assertThatThrownBy(() -> ListenerGuard.check("0.0.0.0", "127.0.0.1", false, false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ListenerGuard.check("0.0.0.0", null, true, false, false))
        .isEqualTo(Exposure.AUTHENTICATED);
  }
}
