package io.tern.bridge.sink.kafka;

/** How the Kafka sink writes record values. */
public enum ValueFormat {
  /** Protobuf bytes of {@code tern.v1.Rollup} / {@code tern.v1.Alert}. */
  PROTOBUF("protobuf", "application/x-protobuf"),
  /** One JSON object with the gateway's MQTT field names. */
  JSON("json", "application/json");

  private final String label;
  private final String contentType;

  ValueFormat(String label, String contentType) {
    this.label = label;
    this.contentType = contentType;
  }

  public String label() {
    return label;
  }

  /** The {@code content-type} header of records in this format. */
  public String contentType() {
    return contentType;
  }

  /** Parses {@link #label()} (case-insensitive). */
  public static ValueFormat fromLabel(String text) {
    for (ValueFormat f : values()) {
      if (f.label.equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown value format '" + text + "', expected protobuf or json");
  }

  @Override
  public String toString() {
    return label;
  }
}
