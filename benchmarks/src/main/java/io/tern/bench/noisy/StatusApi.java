package io.tern.bench.noisy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.bench.noisy.ArrivalCheck.ApiDevice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Reads the gateway's counters over its HTTP API, as an operator would. Control thread. */
final class StatusApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String base;

  StatusApi(int httpPort) {
    this.base = "http://127.0.0.1:" + httpPort;
  }

  /** {@code readings} of {@code /api/status}: readings processed by the pipeline. */
  long readings() throws IOException, InterruptedException {
    return get("/api/status").path("readings").asLong(-1);
  }

  /** {@code /api/devices} by device id. */
  Map<String, ApiDevice> devices() throws IOException, InterruptedException {
    Map<String, ApiDevice> devices = new HashMap<>();
    for (JsonNode d : get("/api/devices").path("devices")) {
      devices.put(
          d.path("deviceId").asText(),
          new ApiDevice(
              d.path("readingsAccepted").asLong(),
              d.path("duplicates").asLong(),
              d.path("deadLetters").asLong()));
    }
    return devices;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
