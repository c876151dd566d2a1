package io.tern.gateway.broker;

import io.micronaut.core.annotation.Nullable;
import io.tern.gateway.config.LimitsConfig;
import io.tern.gateway.config.TlsConfig;

/**
 * Renders the embedded HiveMQ CE {@code config.xml}. From {@code limits}: the Server Receive
 * Maximum (in-flight QoS 1/2 publishes per client; HiveMQ's default is 10), the max packet size,
 * the maximum session expiry (HiveMQ's default: unlimited) and the {@code <restrictions>}
 * (connections, client id and topic lengths, CONNECT timeout).
 */
final class BrokerConfigXml {

  private BrokerConfigXml() {}

  static String render(int port, String bindAddress, LimitsConfig limits) {
    return render(port, bindAddress, limits, null);
  }

  /** With a TLS listener beside the plain one when {@code tls} is given. */
  static String render(
      int port, String bindAddress, LimitsConfig limits, @Nullable TlsListener tls) {
    return """
        <?xml version="1.0"?>
        <!-- Written by the Tern gateway at every start; edits are overwritten. -->
        <hivemq>
            <listeners>
                <tcp-listener>
                    <port>%d</port>
                    <bind-address>%s</bind-address>
                </tcp-listener>
        %s    </listeners>
            <mqtt>
                <receive-maximum>
                    <server-receive-maximum>%d</server-receive-maximum>
                </receive-maximum>
                <packets>
                    <max-packet-size>%d</max-packet-size>
                </packets>
                <session-expiry>
                    <max-interval>%d</max-interval>
                </session-expiry>
            </mqtt>
            <restrictions>
                <max-connections>%d</max-connections>
                <max-client-id-length>%d</max-client-id-length>
                <max-topic-length>%d</max-topic-length>
                <no-connect-idle-timeout>%d</no-connect-idle-timeout>
            </restrictions>
            <persistence>
                <mode>file</mode>
            </persistence>
            <anonymous-usage-statistics>
                <enabled>false</enabled>
            </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(
            port,
            escape(bindAddress),
            tls == null ? "" : tlsListener(tls),
            limits.maxInFlight(),
            limits.maxPacketSize(),
            limits.maxSessionExpiry().getSeconds(),
            limits.maxConnections(),
            limits.maxClientIdLength(),
            limits.maxTopicLength(),
            limits.connectTimeout().toMillis());
  }

  /** TLS 1.2 and 1.3 only; client certificates checked against the trust store when it is set. */
  private static String tlsListener(TlsListener tls) {
    TlsStores.Written stores = tls.stores();
    String truststore =
        stores.truststore() == null
            ? ""
            : """
                            <truststore>
                                <path>%s</path>
                                <password>%s</password>
                            </truststore>
            """
                .formatted(escape(stores.truststore().toString()), escape(stores.password()));
    return """
                <tls-tcp-listener>
                    <port>%d</port>
                    <bind-address>%s</bind-address>
                    <tls>
                        <keystore>
                            <path>%s</path>
                            <password>%s</password>
                            <private-key-password>%s</private-key-password>
                        </keystore>
        %s                <protocols>
                            <protocol>TLSv1.3</protocol>
                            <protocol>TLSv1.2</protocol>
                        </protocols>
                        <client-authentication-mode>%s</client-authentication-mode>
                    </tls>
                </tls-tcp-listener>
        """
        .formatted(
            tls.port(),
            escape(tls.bindAddress()),
            escape(stores.keystore().toString()),
            escape(stores.password()),
            escape(stores.password()),
            truststore,
            tls.clientAuth().name());
  }

  /**
   * The TLS listener to render.
   *
   * @param port its port (resolved)
   * @param bindAddress its address
   * @param stores the key store and trust store written for it
   * @param clientAuth whether client certificates are required, optional or not asked for
   */
  record TlsListener(
      int port, String bindAddress, TlsStores.Written stores, TlsConfig.ClientAuth clientAuth) {}

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
