package io.tern.launcher.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tern alerts}: subscribes to the gateway's alert topics and prints alerts as they come. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = {
      "Prints live alerts from a Tern gateway, one readable line each",
      "(subscribes to tern/v1/alerts/{deviceId}/{metric} over MQTT v5). Runs until Ctrl-C."
    })
public final class AlertsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--broker",
      defaultValue = "tcp://localhost:1883",
      description = "MQTT broker of the gateway (default: ${DEFAULT-VALUE}).")
  String broker;

  @Option(names = "--device", description = "Only alerts of this device id.")
  String device;

  @Option(names = "--metric", description = "Only alerts of this metric.")
  String metric;

  @Option(
      names = "--severity",
      defaultValue = "INFO",
      description = "Lowest severity shown: INFO, WARNING or CRITICAL (default: ${DEFAULT-VALUE}).")
  String minSeverity;

  @Option(names = "--json", description = "Print each alert's JSON as received.")
  boolean json;

  private final ObjectMapper mapper = new ObjectMapper();

  /** The topic filter for the chosen device and metric (MQTT wildcards for the rest). */
  static String topicFilter(String device, String metric) {
    return "tern/v1/alerts/"
        + (device == null ? "+" : device)
        + "/"
        + (metric == null ? "+" : metric);
  }

  @Override
  public Integer call() throws MqttException, InterruptedException {
    if (!AlertView.isSeverity(minSeverity)) {
      throw new ParameterException(
          spec.commandLine(),
          "unknown severity '" + minSeverity + "'; use INFO, WARNING or CRITICAL");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String filter = topicFilter(device, metric);
    MqttClient client =
        new MqttClient(broker, "tern-alerts-" + UUID.randomUUID(), new MemoryPersistence());
    client.setCallback(new Printer(out, err));
    MqttConnectionOptions options = new MqttConnectionOptions();
    // A session that outlives short disconnects keeps the subscription (and queued alerts) across
    // Paho's automatic reconnects.
    options.setAutomaticReconnect(true);
    options.setCleanStart(false);
    options.setSessionExpiryInterval(300L);
    try {
      client.connect(options);
    } catch (MqttException e) {
      err.println(
          "error: cannot connect to "
              + broker
              + " ("
              + e.getMessage()
              + "); is the gateway or demo running? Use --broker to point elsewhere");
      return 1;
    }
    // Paho 1.2.5's subscribe(String, int) overloads recurse forever: use the array form.
    client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
    out.println("Listening for alerts on " + broker + " topic " + filter + " (Ctrl-C to stop)");
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "alerts-shutdown"));
    stop.await();
    client.disconnect();
    client.close();
    return 0;
  }

  /** Runs on Paho's callback thread: parse, filter, print; never blocks. */
  private final class Printer implements MqttCallback {
    private final PrintWriter out;
    private final PrintWriter err;

    Printer(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      String body = new String(message.getPayload(), StandardCharsets.UTF_8);
      try {
        AlertView alert = mapper.readValue(body, AlertView.class);
        if (AlertView.severityRank(alert.severity()) < AlertView.severityRank(minSeverity)) {
          return;
        }
        out.println(json ? body : alert.toLine());
      } catch (IOException e) {
        err.println("skipped a message on " + topic + " that is not alert JSON: " + e.getMessage());
      }
      out.flush();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      err.println("disconnected from " + broker + "; reconnecting...");
      err.flush();
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      err.println("MQTT error: " + exception.getMessage());
      err.flush();
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        err.println("reconnected to " + serverUri);
        err.flush();
      }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
