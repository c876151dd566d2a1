package io.tern.bridge.outputlog;

import io.tern.bridge.output.Output;

/** Result of decoding one output-log entry. */
sealed interface Decoded {

  record Valid(Output output) implements Decoded {}

  record Invalid(String reason) implements Decoded {}
}
