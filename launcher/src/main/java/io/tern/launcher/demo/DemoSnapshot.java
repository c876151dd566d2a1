package io.tern.launcher.demo;

import io.tern.bridge.BridgeStats;
import io.tern.gateway.status.GatewayStats;
import io.tern.sim.fleet.FleetStats;

/** The counters of every stage at one moment. */
public record DemoSnapshot(FleetStats fleet, GatewayStats gateway, BridgeStats bridge) {}
