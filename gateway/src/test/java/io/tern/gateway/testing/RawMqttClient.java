package io.tern.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT v5 client over a real socket, for packets a well-behaved client library refuses to
 * send (wildcards or invalid UTF-8 in a PUBLISH topic, packets over the server's maximum size). It
 * writes CONNECT and QoS 1 PUBLISH packets byte by byte and reads what the server answers.
 */
public final class RawMqttClient implements AutoCloseable {
  /** MQTT v5 control packet types (high nibble of the first byte) used here. */
  public static final int CONNACK = 2;

  public static final int PUBACK = 4;
  public static final int DISCONNECT = 14;

  /**
   * A packet the server sent: its type and reason code; or the connection's end without a packet
   * ({@link #CLOSED}), or nothing within the read timeout ({@link #SILENCE}).
   */
  public record Answer(int type, int reasonCode) {
    public static final Answer CLOSED = new Answer(-1, -1);
    public static final Answer SILENCE = new Answer(-2, -2);
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  /** Connects (clean start, no properties) and checks the CONNACK is a success. */
  public RawMqttClient(int port, String clientId) throws IOException {
    socket = new Socket("localhost", port);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, "MQTT".getBytes(StandardCharsets.US_ASCII));
    body.write(5); // protocol level
    body.write(0x02); // clean start
    body.write(0);
    body.write(60); // keep alive 60 s
    body.write(0); // no properties
    string(body, clientId.getBytes(StandardCharsets.UTF_8));
    send(0x10, body.toByteArray());
    Answer connack = read();
    if (connack.type() != CONNACK || connack.reasonCode() != 0) {
      throw new IOException("CONNECT refused: " + connack);
    }
  }

  /** Sends a QoS 1 PUBLISH with packet id 1 and the topic's raw bytes; returns the answer. */
  public Answer publish(byte[] topic, byte[] payload) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, topic);
    body.write(0);
    body.write(1); // packet id
    body.write(0); // no properties
    body.write(payload);
    try {
      send(0x32, body.toByteArray());
    } catch (SocketException e) {
      // The server may answer and close before it read all of a large packet.
      Answer answer = read();
      if (answer.type() < 0) {
        throw e;
      }
      return answer;
    }
    return read();
  }

  private void send(int header, byte[] body) throws IOException {
    ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
    packet.write(header);
    int length = body.length;
    do {
      int digit = length % 128;
      length /= 128;
      packet.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    packet.write(body);
    out.write(packet.toByteArray());
    out.flush();
  }

  /** The next packet's type and reason code (v5: first byte after the variable header's id). */
  private Answer read() throws IOException {
    try {
      int header = in.readUnsignedByte();
      int length = 0;
      int shift = 0;
      int digit;
      do {
        digit = in.readUnsignedByte();
        length |= (digit & 0x7f) << shift;
        shift += 7;
      } while ((digit & 0x80) != 0);
      byte[] body = in.readNBytes(length);
      int type = header >>> 4;
      int reasonAt = type == PUBACK ? 2 : type == CONNACK ? 1 : 0;
      int reason = body.length > reasonAt ? body[reasonAt] & 0xff : 0;
      return new Answer(type, reason);
    } catch (SocketTimeoutException e) {
      return Answer.SILENCE;
    } catch (EOFException e) {
      return Answer.CLOSED;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("reset")) {
        return Answer.CLOSED;
      }
      throw e;
    }
  }

  private static void string(ByteArrayOutputStream body, byte[] bytes) {
    body.write(bytes.length >>> 8);
    body.write(bytes.length & 0xff);
    body.writeBytes(bytes);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
