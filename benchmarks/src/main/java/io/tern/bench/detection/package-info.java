/**
 * {@code tern bench detection}: replays labelled data (SKAB, simulated anomalies) through the
 * gateway's real pipeline and two baselines, and scores their alerts against the labels. The
 * scoring rules are defined in {@link io.tern.bench.detection.Scorer}.
 */
package io.tern.bench.detection;
