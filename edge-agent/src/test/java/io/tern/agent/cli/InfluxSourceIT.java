package io.tern.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.agent.batch.Reading;
import io.tern.agent.testing.EmbeddedBroker;
import io.tern.agent.testing.TelemetrySubscriber;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The agent command with the InfluxDB line protocol source, in-process, against a real broker. */
class InfluxSourceIT {
  private static final Pattern LISTENING = Pattern.compile("udp\\+tcp 127\\.0\\.0\\.1:(\\d+)");
  private static final long T = 1_700_000_000_000L;

  @TempDir Path tmp;

  @Test
  void linesOverUdpAndTcp_arriveAsReadings() throws Exception {
    try (EmbeddedBroker broker = new EmbeddedBroker(tmp.resolve("broker")).start();
        TelemetrySubscriber sub = new TelemetrySubscriber(broker.uri(), "sub-influx")) {
      AgentCommand command = new AgentCommand();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cmd = new CommandLine(command);
      cmd.setOut(new PrintWriter(out));
      cmd.setErr(new PrintWriter(err));
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  cmd.execute(
                      "--device-id", "influx-1",
                      "--broker", broker.uri(),
                      "--data-dir", tmp.resolve("agent").toString(),
                      "--source", "influx",
                      "--influx-port", "0"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> LISTENING.matcher(out.toString()).find() || exit.isDone());
      Matcher listening = LISTENING.matcher(out.toString());
      assertThat(listening.find()).as("out: %s err: %s", out, err).isTrue();
      int port = Integer.parseInt(listening.group(1));

      byte[] datagram =
          ("room,site=a temp=21.5 1700000000000000000\nnot line protocol\n")
              .getBytes(StandardCharsets.UTF_8);
      try (DatagramSocket udp = new DatagramSocket()) {
        udp.send(
            new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(sub.readings.get(TelemetrySubscriber.key("influx-1", 1)))
                      .isEqualTo(new Reading(1, "room.temp", 21.5, T)));

      try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
        OutputStream stream = tcp.getOutputStream();
        stream.write(
            ("disk,dev=sda used=5i,ok=true,note=\"fine\" 1700000000001000000\r\n"
                    + "my\\ box\\,1 load\\ 1=0.25 1700000000002000000")
                .getBytes(StandardCharsets.UTF_8));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(sub.readings)
                      .containsEntry(
                          TelemetrySubscriber.key("influx-1", 2),
                          new Reading(2, "disk.used", 5, T + 1))
                      .containsEntry(
                          TelemetrySubscriber.key("influx-1", 3),
                          new Reading(3, "disk.ok", 1, T + 1))
                      .containsEntry(
                          TelemetrySubscriber.key("influx-1", 4),
                          new Reading(4, "my_box_1.load_1", 0.25, T + 2)));

      command.requestStop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      assertThat(sub.readings).hasSize(4);
      assertThat(out.toString())
          .contains(
              "influx: 4 lines, 4 readings, 1 invalid lines, 1 string fields skipped,"
                  + " 0 readings refused, 1 tcp connections")
          .contains("influx-1 seq=4 acked=4");
    }
  }
}
