package io.tern.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.validation.RejectionReason;
import io.tern.gateway.validation.TelemetryValidator;
import io.tern.gateway.validation.ValidationRules;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalWarmupTest {
  private static final long NOW = 1_800_000_000_000L;

  @Test
  void everyMadeUpMessage_takesARefusalPath_likeAFloodWould() {
    TelemetryValidator validator =
        new TelemetryValidator(
            new ValidationRules(5000, Duration.ofMinutes(5), Duration.ofDays(30), true, Map.of()),
            InstantSource.fixed(Instant.ofEpochMilli(NOW)));

    assertThat(RefusalWarmup.run(validator, NOW))
        .containsExactly(
            RejectionReason.DECODE_ERROR, // telemetry: truncated
            RejectionReason.DECODE_ERROR, // unknown fields, truncated
            RejectionReason.DECODE_ERROR, // a field of the wrong wire type
            RejectionReason.DEVICE_ID_MISMATCH,
            RejectionReason.NON_FINITE_VALUE,
            RejectionReason.DECODE_ERROR); // status
  }
}
