package io.tern.sim.fault;

import io.tern.sim.scenario.FaultSpec;
import io.tern.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario's faults resolved to device ids, answering what is in force at a moment of the run
 * ({@code elapsedMs} since its start). Pure; immutable, so safe to share between threads.
 */
public final class FaultPlan {

  /** The link of every device that has no offline fault of its own. */
  public static final String SHARED_LINK = "shared";

  /** A kill of one device's agent process at {@code atMs}, started again at {@code restartAtMs}. */
  public record KillAt(String deviceId, long atMs, long restartAtMs) {}

  /** While {@code share} of the device's batches are held back behind {@code depth} others. */
  public record Reordering(double share, int depth) {}

  private final Map<String, List<FaultSpec>> byDevice = new HashMap<>();
  private final List<FaultSpec.GatewayUnreachable> unreachable = new ArrayList<>();
  private final Set<String> isolated = new LinkedHashSet<>();
  private final List<KillAt> kills = new ArrayList<>();

  public FaultPlan(Scenario scenario) {
    for (FaultSpec fault : scenario.faults()) {
      if (fault instanceof FaultSpec.GatewayUnreachable g) {
        unreachable.add(g);
        continue;
      }
      for (String id : scenario.deviceIds(fault)) {
        byDevice.computeIfAbsent(id, k -> new ArrayList<>()).add(fault);
        if (fault instanceof FaultSpec.Offline) {
          isolated.add(id);
        }
        if (fault instanceof FaultSpec.Kill k) {
          long at = k.at().toMillis();
          kills.add(new KillAt(id, at, at + k.restartAfter().toMillis()));
        }
      }
    }
    kills.sort(Comparator.comparingLong(KillAt::atMs));
  }

  /** No faults at all. */
  public boolean isEmpty() {
    return byDevice.isEmpty() && unreachable.isEmpty();
  }

  /** Whether links must go through the fault proxy (some fault cuts them). */
  public boolean cutsLinks() {
    return !isolated.isEmpty() || !unreachable.isEmpty();
  }

  /** The link a device's connections go through: its own if it has offline faults. */
  public String linkOf(String deviceId) {
    return isolated.contains(deviceId) ? deviceId : SHARED_LINK;
  }

  /** Every link: the shared one and one per device with offline faults. */
  public List<String> links() {
    List<String> links = new ArrayList<>();
    links.add(SHARED_LINK);
    links.addAll(isolated);
    return links;
  }

  /** Whether the link is cut at this moment (an offline fault of its device, or the gateway). */
  public boolean linkDown(String link, long elapsedMs) {
    for (FaultSpec.GatewayUnreachable g : unreachable) {
      if (g.period().covers(elapsedMs)) {
        return true;
      }
    }
    if (link.equals(SHARED_LINK)) {
      return false;
    }
    for (FaultSpec fault : faultsOf(link)) {
      if (fault instanceof FaultSpec.Offline o && o.period().covers(elapsedMs)) {
        return true;
      }
    }
    return false;
  }

  /** Added to the device's event times at this moment: its skews plus the jumps passed. */
  public long eventTimeOffsetMs(String deviceId, long elapsedMs) {
    long offset = 0;
    for (FaultSpec fault : faultsOf(deviceId)) {
      if (fault instanceof FaultSpec.ClockSkew s) {
        offset += s.offset().toMillis();
      } else if (fault instanceof FaultSpec.ClockJump j && elapsedMs >= j.at().toMillis()) {
        offset += j.step().toMillis();
      }
    }
    return offset;
  }

  /** Readings per metric per interval at this moment: 1, or the largest burst factor in force. */
  public int burstFactor(String deviceId, long elapsedMs) {
    int factor = 1;
    for (FaultSpec fault : faultsOf(deviceId)) {
      if (fault instanceof FaultSpec.Burst b && b.period().covers(elapsedMs)) {
        factor = Math.max(factor, b.factor());
      }
    }
    return factor;
  }

  /** Chance that an acknowledged batch is published again at this moment (largest share). */
  public double duplicateShare(String deviceId, long elapsedMs) {
    double share = 0;
    for (FaultSpec fault : faultsOf(deviceId)) {
      if (fault instanceof FaultSpec.Duplicates d && d.period().covers(elapsedMs)) {
        share = Math.max(share, d.share());
      }
    }
    return share;
  }

  /** The reordering in force at this moment (share 0 when none). */
  public Reordering reordering(String deviceId, long elapsedMs) {
    Reordering in = new Reordering(0, 1);
    for (FaultSpec fault : faultsOf(deviceId)) {
      if (fault instanceof FaultSpec.Reorder r
          && r.period().covers(elapsedMs)
          && r.share() > in.share()) {
        in = new Reordering(r.share(), r.depth());
      }
    }
    return in;
  }

  /** Every kill, in time order. */
  public List<KillAt> kills() {
    return List.copyOf(kills);
  }

  private List<FaultSpec> faultsOf(String deviceId) {
    return byDevice.getOrDefault(deviceId, List.of());
  }
}
