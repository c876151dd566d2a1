package io.tern.bench.detection;

import java.util.List;
import java.util.Map;

/**
 * How one detector did on one data set; see {@link Scorer} for the definitions. Ratios with a zero
 * denominator are {@code NaN} (shown as "-").
 *
 * @param byKind event-wise recall and delay per labelled kind, in order of first appearance
 * @param ignoredEpisodes episodes raised after their device's last row (not scored)
 */
public record DetectorScore(
    Point point, Event event, Map<String, KindScore> byKind, long ignoredEpisodes) {

  /** Point-wise counts over all rows. */
  public record Point(long truePositives, long falsePositives, long falseNegatives, long trueNeg) {
    public double precision() {
      return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
      return ratio(truePositives, truePositives + falseNegatives);
    }

    /** {@code 2TP / (2TP + FP + FN)}: the harmonic mean of precision and recall, 0 if TP = 0. */
    public double f1() {
      return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    /** False alarm rate: {@code FP / (FP + TN)}. */
    public double falseAlarmRate() {
      return ratio(falsePositives, falsePositives + trueNeg);
    }

    /** Missed alarm rate: {@code FN / (FN + TP)}. */
    public double missedAlarmRate() {
      return ratio(falseNegatives, falseNegatives + truePositives);
    }
  }

  /**
   * Event-wise results.
   *
   * @param segments labelled segments
   * @param detected segments with a matching episode
   * @param falseAlarms episodes that match no segment
   * @param delaysMs detection delay of each detected segment, ascending
   */
  public record Event(
      long segments, long detected, long falseAlarms, List<Long> delaysMs, double days) {
    public Event {
      delaysMs = List.copyOf(delaysMs);
    }

    /** {@code detected / (detected + falseAlarms)}. */
    public double precision() {
      return ratio(detected, detected + falseAlarms);
    }

    public double recall() {
      return ratio(detected, segments);
    }

    public double f1() {
      return ratio(2 * detected, 2 * detected + falseAlarms + (segments - detected));
    }

    public double medianDelayMs() {
      return Scorer.quantile(delaysMs, 0.5);
    }

    public double p90DelayMs() {
      return Scorer.quantile(delaysMs, 0.9);
    }

    public double falseAlarmsPerDay() {
      return days > 0 ? falseAlarms / days : Double.NaN;
    }
  }

  /** Event-wise recall and delay of one labelled kind. */
  public record KindScore(long segments, long detected, List<Long> delaysMs) {
    public KindScore {
      delaysMs = List.copyOf(delaysMs);
    }

    public double recall() {
      return ratio(detected, segments);
    }

    public double medianDelayMs() {
      return Scorer.quantile(delaysMs, 0.5);
    }

    public double p90DelayMs() {
      return Scorer.quantile(delaysMs, 0.9);
    }
  }

  static double ratio(long numerator, long denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }
}
