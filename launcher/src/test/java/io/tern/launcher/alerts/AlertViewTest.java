package io.tern.launcher.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AlertViewTest {

  private static final String ALERT =
      """
      {"id":"pump-7/rpm/SPIKE/1767225600000","deviceId":"pump-7","metric":"rpm","kind":"SPIKE",
       "severity":"WARNING","state":"RAISED","value":4200.0,"eventTimeMs":1767225600000,
       "eventTime":"2026-01-01T00:00:00Z","detectedAtMs":1767225600120,"score":0.97,
       "message":"value 4200 is 9.1 deviations above baseline 1450","futureField":1}
      """;

  @Test
  void parsesGatewayAlertJson_ignoringUnknownFields() throws Exception {
    AlertView alert = new ObjectMapper().readValue(ALERT, AlertView.class);

    assertThat(alert.toLine())
        .isEqualTo(
            "2026-01-01T00:00:00Z     RAISED  WARNING  SPIKE       pump-7/rpm  value 4200.0  score"
                + " 0.97  value 4200 is 9.1 deviations above baseline 1450");
  }

  @Test
  void severityRank_ordersInfoWarningCritical() {
    assertThat(AlertView.severityRank("INFO")).isLessThan(AlertView.severityRank("warning"));
    assertThat(AlertView.severityRank("WARNING")).isLessThan(AlertView.severityRank("CRITICAL"));
    assertThat(AlertView.isSeverity("fatal")).isFalse();
  }

  @Test
  void topicFilter_narrowsToDeviceAndMetric() {
    assertThat(AlertsCommand.topicFilter(null, null)).isEqualTo("tern/v1/alerts/+/+");
    assertThat(AlertsCommand.topicFilter("pump-7", null)).isEqualTo("tern/v1/alerts/pump-7/+");
    assertThat(AlertsCommand.topicFilter(null, "rpm")).isEqualTo("tern/v1/alerts/+/rpm");
  }
}
