package io.tern.gateway.status;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alerts raised and not yet cleared, keyed by episode id.
 *
 * <p>Threading: {@link #apply} is called by the pipeline thread; reads come from HTTP threads.
 */
@Singleton
public final class ActiveAlerts {
  private final Map<String, Alert> active = new ConcurrentHashMap<>();

  /** Records a state change: RAISED adds the episode, CLEARED removes it. */
  public void apply(Alert alert) {
    if (alert.state() == AlertState.RAISED) {
      active.put(alert.id(), alert);
    } else {
      active.remove(alert.id());
    }
  }

  /** The active alerts (their RAISED state), oldest event time first. */
  public List<Alert> list() {
    return active.values().stream()
        .sorted(Comparator.comparingLong(Alert::eventTimeMs).thenComparing(Alert::id))
        .toList();
  }

  public int size() {
    return active.size();
  }
}
