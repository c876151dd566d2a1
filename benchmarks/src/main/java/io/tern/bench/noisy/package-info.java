/**
 * {@code tern bench noisy}: the noisy-neighbour benchmark of issue 8. One gateway, 100 well-behaved
 * devices at a steady rate; their publish-to-PUBACK latency is measured without and with one device
 * flooding invalid data as fast as the broker lets it, and every reading of the 100 is checked to
 * have arrived.
 */
package io.tern.bench.noisy;
