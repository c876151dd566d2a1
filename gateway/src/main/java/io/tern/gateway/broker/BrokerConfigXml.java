package io.tern.gateway.broker;

import io.tern.gateway.config.LimitsConfig;

/**
 * Renders the embedded HiveMQ CE {@code config.xml}. From {@code limits}: the Server Receive
 * Maximum (in-flight QoS 1/2 publishes per client; HiveMQ's default is 10), the max packet size,
 * and the {@code <restrictions>} (connections, client id and topic lengths, CONNECT timeout).
 */
final class BrokerConfigXml {

  private BrokerConfigXml() {}

  static String render(int port, String bindAddress, LimitsConfig limits) {
    return """
        <?xml version="1.0"?>
        <!-- Written by the Tern gateway at every start; edits are overwritten. -->
        <hivemq>
            <listeners>
                <tcp-listener>
                    <port>%d</port>
                    <bind-address>%s</bind-address>
                </tcp-listener>
            </listeners>
            <mqtt>
                <receive-maximum>
                    <server-receive-maximum>%d</server-receive-maximum>
                </receive-maximum>
                <packets>
                    <max-packet-size>%d</max-packet-size>
                </packets>
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
            limits.maxInFlight(),
            limits.maxPacketSize(),
            limits.maxConnections(),
            limits.maxClientIdLength(),
            limits.maxTopicLength(),
            limits.connectTimeout().toMillis());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
