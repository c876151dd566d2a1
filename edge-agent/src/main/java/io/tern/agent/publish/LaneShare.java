package io.tern.agent.publish;

/**
 * How the in-flight window of a connection is shared by the two lanes of the stream. The live lane
 * (readings appended since the connection came up) goes first; the backlog lane (what was buffered
 * before) gets {@code backlogShare} of the window while the live lane is active, and the whole
 * window while it is idle. The live lane may use the whole window while the backlog has nothing to
 * send, and otherwise what the backlog's share leaves (at least one batch).
 *
 * @param window most batches in flight on the connection (at least 1)
 * @param backlogShare fraction of the window kept for the backlog while live data flows, in (0, 1]
 */
record LaneShare(int window, double backlogShare) {
  LaneShare {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + window);
    }
    checkShare(backlogShare);
  }

  /**
   * @throws IllegalArgumentException unless {@code 0 < share <= 1}
   */
  static double checkShare(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("backlog share must be in (0, 1], got " + share);
    }
    return share;
  }

  /** Batches the backlog may have in flight while the live lane is active (at least 1). */
  int backlogQuota() {
    return Math.max(1, (int) Math.floor(backlogShare * window));
  }

  /**
   * @param backlogWaiting the backlog lane has a batch to send
   */
  boolean liveMaySend(int liveInFlight, int backlogInFlight, boolean backlogWaiting) {
    int cap = backlogWaiting ? Math.max(1, window - backlogQuota()) : window;
    return liveInFlight + backlogInFlight < window && liveInFlight < cap;
  }

  /**
   * @param liveActive the live lane has batches in flight or readings waiting to be sent
   */
  boolean backlogMaySend(int liveInFlight, int backlogInFlight, boolean liveActive) {
    int cap = liveActive ? backlogQuota() : window;
    return liveInFlight + backlogInFlight < window && backlogInFlight < cap;
  }
}
