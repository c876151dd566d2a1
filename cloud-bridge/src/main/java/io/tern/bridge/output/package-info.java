/** Gateway outputs (rollups and alerts) as the bridge moves them: plain values, no vendor types. */
package io.tern.bridge.output;
