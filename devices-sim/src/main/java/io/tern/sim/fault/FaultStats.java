package io.tern.sim.fault;

/**
 * What the simulator's faults did so far (counted where they happen).
 *
 * @param linkCuts times a link to the gateway was cut (each offline or unreachable period, per
 *     link)
 * @param connectionsRefused connections the proxy closed at once because their link was cut
 * @param duplicatesSent batches published again after they were acknowledged
 * @param batchesReordered batches held back and sent after later ones
 * @param kills agent processes killed with {@code kill -9}
 * @param restarts agent processes started again after a kill
 * @param burstReadings readings taken beyond the normal rate during bursts
 * @param shiftedReadings readings whose event time a clock skew or jump moved
 */
public record FaultStats(
    long linkCuts,
    long connectionsRefused,
    long duplicatesSent,
    long batchesReordered,
    long kills,
    long restarts,
    long burstReadings,
    long shiftedReadings) {

  public static final FaultStats NONE = new FaultStats(0, 0, 0, 0, 0, 0, 0, 0);

  public FaultStats plus(FaultStats o) {
    return new FaultStats(
        linkCuts + o.linkCuts,
        connectionsRefused + o.connectionsRefused,
        duplicatesSent + o.duplicatesSent,
        batchesReordered + o.batchesReordered,
        kills + o.kills,
        restarts + o.restarts,
        burstReadings + o.burstReadings,
        shiftedReadings + o.shiftedReadings);
  }

  /** One line for the progress output. */
  public String summary() {
    return String.format(
        "faults: %d link cuts, %d refused, %d duplicates, %d reordered, %d kills, %d restarts,"
            + " %d burst readings, %d clock-shifted",
        linkCuts,
        connectionsRefused,
        duplicatesSent,
        batchesReordered,
        kills,
        restarts,
        burstReadings,
        shiftedReadings);
  }
}
