/** MQTT v5 sink to a remote broker (Paho): QoS 1, at-least-once, JSON like the gateway's. */
package io.tern.bridge.sink.mqtt;
