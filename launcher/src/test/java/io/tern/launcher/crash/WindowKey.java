package io.tern.launcher.crash;

/** One rollup window of one series: what the gateway's rollup id stands for. */
public record WindowKey(String deviceId, String metric, long windowMs, long windowStartMs) {

  @Override
  public String toString() {
    return deviceId + "/" + metric + "/" + windowStartMs + "/" + windowMs;
  }
}
