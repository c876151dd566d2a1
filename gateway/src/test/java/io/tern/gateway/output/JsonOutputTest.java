package io.tern.gateway.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Quantile;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Alert ALERT =
      new Alert(
          "d/t/SPIKE/1700000040000",
          "d",
          "t",
          AlertKind.SPIKE,
          Severity.CRITICAL,
          AlertState.RAISED,
          97.3,
          1_700_000_040_000L,
          1_700_000_041_234L,
          0.75,
          "value 97.3 is 18.0 deviations above baseline 21.0");

  static final Rollup ROLLUP =
      new Rollup(
          "d",
          "t",
          1_700_000_000_000L,
          10_000,
          4,
          1.0,
          4.0,
          10.0,
          2.5,
          3.0,
          List.of(new Quantile(0.5, 2.0), new Quantile(0.99, 4.0)),
          0);

  @Test
  void alert_hasTheDesignFields() throws Exception {
    JsonNode json = JSON.readTree(JsonOutput.alert(ALERT));

    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                """
                {"id":"d/t/SPIKE/1700000040000","deviceId":"d","metric":"t","kind":"SPIKE",
                 "severity":"CRITICAL","state":"RAISED","value":97.3,"eventTimeMs":1700000040000,
                 "eventTime":"2023-11-14T22:14:00Z","detectedAtMs":1700000041234,"score":0.75,
                 "message":"value 97.3 is 18.0 deviations above baseline 21.0"}
                """));
  }

  @Test
  void rollup_hasTheDesignFields() throws Exception {
    JsonNode json = JSON.readTree(JsonOutput.rollup(ROLLUP));

    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                """
                {"id":"d/t/1700000000000/10000","deviceId":"d","metric":"t",
                 "windowStartMs":1700000000000,"windowMs":10000,"count":4,"min":1.0,"max":4.0,
                 "sum":10.0,"mean":2.5,"last":3.0,
                 "quantiles":[{"quantile":0.5,"value":2.0},{"quantile":0.99,"value":4.0}],
                 "revision":0}
                """));
  }

  @Test
  void alerts_isAnArray() throws Exception {
    assertThat(JSON.readTree(JsonOutput.alerts(List.of(ALERT, ALERT)))).hasSize(2);
    assertThat(new String(JsonOutput.alerts(List.of()), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("[]");
  }
}
