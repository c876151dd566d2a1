package io.tern.gateway.config;

import static io.tern.gateway.config.RollupConfigBindingTest.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dedupe keys bind as the README says, and a cap of no ranges is refused by its key. */
class DedupeConfigBindingTest {

  @Test
  void maxRanges_defaultsTo1024_andBinds() {
    assertThat(bind(Map.of()).dedupeMaxRanges()).isEqualTo(1024);
    assertThat(bind(Map.of("tern.gateway.dedupe-max-ranges", "16")).dedupeMaxRanges())
        .isEqualTo(16);
  }

  @Test
  void noRanges_isRefused_namingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("tern.gateway.dedupe-max-ranges", "0")))
        .hasRootCauseMessage(
            "tern.gateway.dedupe-max-ranges and dedupe-max-streams must be positive, were 0 and 4");
  }
}
