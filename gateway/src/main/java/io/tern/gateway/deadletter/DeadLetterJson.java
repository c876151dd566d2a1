package io.tern.gateway.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one mapper from {@link DeadLetter} to its JSON. Thread-safe. */
public final class DeadLetterJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private DeadLetterJson() {}

  public static byte[] encode(DeadLetter letter) {
    try {
      return MAPPER.writeValueAsBytes(letter);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a dead letter for " + letter.topic(), e);
    }
  }
}
