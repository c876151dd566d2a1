/** The sink contract the bridge delivers to; implementations live in sub-packages. */
package io.tern.bridge.sink;
