package io.tern.gateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.tern.gateway.Gateway;
import io.tern.gateway.config.GatewayConfig;
import io.tern.gateway.testing.TestGateways;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway shows its output-log retention: the budget keys bind (binary units), {@code
 * /api/status} has the {@code outputLog} object and {@code /metrics} the per-consumer lag of a
 * consumer that registered with a position file.
 */
class OutputLogStatusIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void statusAndMetrics_showOutputLogAndConsumerLag() throws Exception {
    Path consumers = dataDir.resolve("output/consumers");
    Files.createDirectories(consumers);
    Files.writeString(consumers.resolve("kafka-b1.position"), "index=-1\n");

    try (Gateway gateway =
        TestGateways.start(
            dataDir,
            Map.of(
                "tern.gateway.output-log-max-bytes", "2MB",
                "tern.gateway.output-log-max-age", "3d"))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(gateway, "/metrics"), m -> m.contains("consumer=\"kafka-b1\""));

      String metrics = get(gateway, "/metrics");
      assertThat(metrics)
          .contains("tern_gateway_output_log_consumer_lag{consumer=\"kafka-b1\"} 0.0")
          .contains("tern_gateway_output_log_evicted_undelivered_total 0.0")
          .contains("tern_gateway_output_log_bytes");
      JsonNode outputLog = JSON.readTree(get(gateway, "/api/status")).get("outputLog");
      assertThat(outputLog.get("evictedUndelivered").asLong()).isZero();
      assertThat(outputLog.get("consumerLag").get("kafka-b1").asLong()).isZero();
      assertThat(outputLog.has("bytes")).isTrue();
    }
  }

  @Test
  void budgetKeys_bindWithBinaryUnitsAndDefaults() {
    try (ApplicationContext context =
        ApplicationContext.builder()
            .properties(Map.of("tern.gateway.output-log-max-bytes", "2MB"))
            .start()) {
      GatewayConfig config = context.getBean(GatewayConfig.class);
      assertThat(config.outputLogMaxBytes()).isEqualTo(2L * 1024 * 1024);
      assertThat(config.outputLogMaxAge()).isEqualTo(Duration.ofDays(7));
    }
    try (ApplicationContext context = ApplicationContext.builder().start()) {
      assertThat(context.getBean(GatewayConfig.class).outputLogMaxBytes()).isEqualTo(10L << 30);
    }
  }

  private static String get(Gateway gateway, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
