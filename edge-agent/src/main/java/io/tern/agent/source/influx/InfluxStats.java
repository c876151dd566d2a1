package io.tern.agent.source.influx;

/**
 * Counters of an InfluxDB line protocol listener since it started.
 *
 * @param lines non-blank, non-comment lines received
 * @param readings readings handed to the agent
 * @param invalidLines lines refused (syntax, value or name errors), each logged at most once per
 *     {@link LineIngest#LOG_EVERY}
 * @param stringFieldsSkipped string fields seen and skipped (the agent takes numbers only)
 * @param recordFailures readings the agent refused (e.g. while shutting down)
 * @param connections TCP connections accepted
 */
public record InfluxStats(
    long lines,
    long readings,
    long invalidLines,
    long stringFieldsSkipped,
    long recordFailures,
    long connections) {}
