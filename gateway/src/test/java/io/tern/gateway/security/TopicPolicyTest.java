package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicPolicyTest {
  private static final Identity DEVICE = new Identity("dev-1", Role.DEVICE);
  private static final Identity OPERATOR = new Identity("ops", Role.OPERATOR);

  @ParameterizedTest
  @CsvSource({
    "tern/v1/telemetry/dev-1, true, false",
    "tern/v1/status/dev-1, true, false",
    "tern/v1/telemetry/dev-2, false, false",
    "tern/v1/telemetry/dev-1/x, false, false",
    "tern/v1/telemetry/dev-10, false, false",
    "tern/v1/commands/dev-1, false, false",
    "tern/v1/alerts/dev-1/temp, false, false",
    "tern/v1/status/dev-2, false, false",
    "other/topic, false, false",
  })
  void publish(String topic, boolean device, boolean operator) {
    assertThat(TopicPolicy.mayPublish(DEVICE, topic)).isEqualTo(device);
    assertThat(TopicPolicy.mayPublish(OPERATOR, topic)).isEqualTo(operator);
  }

  @ParameterizedTest
  @CsvSource({
    "tern/v1/commands/dev-1, true, false",
    "tern/v1/commands/dev-2, false, false",
    "tern/v1/commands/+, false, false",
    "tern/v1/commands/#, false, false",
    "#, false, false",
    "+/v1/commands/dev-1, false, false",
    "$SYS/#, false, false",
    "tern/v1/alerts/#, false, true",
    "tern/v1/alerts, false, true",
    "tern/v1/alerts/+/temp, false, true",
    "tern/v1/rollups/dev-1/temp, false, true",
    "tern/v1/dlq/#, false, true",
    "tern/v1/status/+, false, true",
    "tern/v1/alertsx/#, false, false",
    "tern/v1/telemetry/#, false, false",
    "tern/v1/+/dev-1, false, false",
    "tern/v1/#, false, false",
    "tern/#, false, false",
    "$share/g/tern/v1/alerts/#, false, false",
  })
  void subscribe(String filter, boolean device, boolean operator) {
    assertThat(TopicPolicy.maySubscribe(DEVICE, filter)).isEqualTo(device);
    assertThat(TopicPolicy.maySubscribe(OPERATOR, filter)).isEqualTo(operator);
  }
}
