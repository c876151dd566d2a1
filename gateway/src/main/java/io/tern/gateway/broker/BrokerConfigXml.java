package io.tern.gateway.broker;

/** Renders the embedded HiveMQ CE {@code config.xml}. */
final class BrokerConfigXml {
  /** Server Receive Maximum: in-flight QoS 1/2 publishes per client (HiveMQ's default is 10). */
  static final int SERVER_RECEIVE_MAXIMUM = 1000;

  /** Largest MQTT packet accepted: 1 MiB, plenty for a telemetry batch. */
  static final int MAX_PACKET_SIZE = 1024 * 1024;

  private BrokerConfigXml() {}

  static String render(int port, String bindAddress) {
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
            <persistence>
                <mode>file</mode>
            </persistence>
            <anonymous-usage-statistics>
                <enabled>false</enabled>
            </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port, escape(bindAddress), SERVER_RECEIVE_MAXIMUM, MAX_PACKET_SIZE);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
