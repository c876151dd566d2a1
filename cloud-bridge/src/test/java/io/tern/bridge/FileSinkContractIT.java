package io.tern.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.bridge.sink.DeliveryGuarantee;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sink contract for the NDJSON file sink (exactly-once). The reader honours the contract for
 * readers of a live file: only the committed length named in {@code <file>.position} counts.
 */
class FileSinkContractIT extends SinkContract {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Path file(String testId) {
    return dir.resolve("out").resolve(testId + ".ndjson");
  }

  @Override
  List<String> sinkArgs(String testId) {
    return List.of("--sink", "file", "--file", file(testId).toString());
  }

  @Override
  List<Delivered> delivered(String testId) throws Exception {
    Path file = file(testId);
    Path position = file.resolveSibling(file.getFileName() + ".position");
    if (!Files.exists(position)) {
      return List.of();
    }
    long committed = Long.parseLong(Files.readString(position).strip().split(" ")[0]);
    byte[] data = Arrays.copyOf(Files.readAllBytes(file), (int) committed);
    List<Delivered> delivered = new ArrayList<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      delivered.add(
          new Delivered(
              node.get("type").asText().toUpperCase(Locale.ROOT),
              node.get("deviceId").asText(),
              node.get("id").asText()));
    }
    return delivered;
  }

  @Override
  DeliveryGuarantee guarantee() {
    return DeliveryGuarantee.EXACTLY_ONCE;
  }
}
