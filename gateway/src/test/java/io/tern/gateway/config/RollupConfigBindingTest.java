package io.tern.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rollup keys bind as the README says: one size or a list; quantiles may be empty. */
class RollupConfigBindingTest {

  static GatewayConfig bind(Map<String, Object> properties) {
    try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
      return context.getBean(GatewayConfig.class);
    }
  }

  @Test
  void defaults_areThreeSizesAndThreeQuantiles() {
    GatewayConfig config = bind(Map.of());

    assertThat(config.rollupWindow())
        .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1));
    assertThat(config.rollupQuantiles()).containsExactly(0.5, 0.9, 0.99);
    assertThat(config.rollupIdleTimeout()).isNull();
  }

  @Test
  void oneSize_orAList_andNoQuantiles() {
    assertThat(bind(Map.of("tern.gateway.rollup-window", "2000ms")).rollupWindow())
        .containsExactly(Duration.ofSeconds(2));
    GatewayConfig config =
        bind(Map.of("tern.gateway.rollup-window", "5s,1m", "tern.gateway.rollup-quantiles", ""));
    assertThat(config.rollupWindow())
        .isEqualTo(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1)));
    assertThat(config.rollupQuantiles()).isEmpty();
  }

  @Test
  void journalKeys_bind_inLowerCaseToo() {
    GatewayConfig defaults = bind(Map.of());
    assertThat(defaults.journalSync()).isEqualTo(GatewayConfig.JournalSync.GROUP);
    assertThat(defaults.snapshotInterval()).isEqualTo(Duration.ofSeconds(30));

    GatewayConfig config =
        bind(
            Map.of(
                "tern.gateway.journal-sync", "none",
                "tern.gateway.snapshot-interval", "5s",
                "tern.gateway.max-journal-lag", "10"));
    assertThat(config.journalSync()).isEqualTo(GatewayConfig.JournalSync.NONE);
    assertThat(config.snapshotInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxJournalLag()).isEqualTo(10);
  }
}
