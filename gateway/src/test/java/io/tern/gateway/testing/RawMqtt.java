package io.tern.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT v5 client over a plain socket, for what well-behaved clients (Paho) refuse to do:
 * exceed the Receive Maximum, send an oversized packet, or never send CONNECT. Encodes CONNECT and
 * QoS 1 PUBLISH without properties; reads packets as (type, first body byte).
 */
public final class RawMqtt implements AutoCloseable {
  /** A packet received: its type (upper nibble of the first byte) and body. */
  public record Packet(int type, byte[] body) {
    public static final int CONNACK = 2;
    public static final int PUBACK = 4;
    public static final int DISCONNECT = 14;

    /** The reason code: CONNACK's second body byte, PUBACK's third, DISCONNECT's first. */
    public int reasonCode() {
      int index =
          switch (type) {
            case CONNACK -> 1;
            case PUBACK -> 2;
            default -> 0;
          };
      return body.length > index ? body[index] & 0xFF : 0;
    }
  }

  private final Socket socket = new Socket();
  private final DataInputStream in;

  /** Opens the TCP connection only; reads time out after 10 s. */
  public RawMqtt(int port) throws IOException {
    socket.connect(new InetSocketAddress("localhost", port), 5_000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
  }

  /** Sets how long a read waits before it fails with a {@code SocketTimeoutException}. */
  public void readTimeout(java.time.Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /** Sends CONNECT (clean start, keep-alive 60 s) with a user name and password. */
  public void sendConnect(String clientId, String userName, String password) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(5); // protocol level
    body.write(0xC2); // user name, password, clean start
    body.write(0);
    body.write(60);
    body.write(0); // no properties
    writeString(body, clientId);
    writeString(body, userName);
    writeString(body, password);
    send(0x10, body.toByteArray());
  }

  /** Sends CONNECT and returns the CONNACK's reason code. */
  public int connect(String clientId, String userName, String password) throws IOException {
    sendConnect(clientId, userName, password);
    return read().reasonCode();
  }

  /** The bytes of a QoS 1 PUBLISH, to be sent with {@link #write}, several at once if wanted. */
  public static byte[] publish(String topic, int packetId, byte[] payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, topic);
    body.write(packetId >> 8);
    body.write(packetId & 0xFF);
    body.write(0); // no properties
    body.writeBytes(payload);
    return packet(0x32, body.toByteArray());
  }

  public void write(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /**
   * The next packet.
   *
   * @throws EOFException when the gateway closed the connection
   */
  public Packet read() throws IOException {
    int first = in.readUnsignedByte();
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      int digit = in.readUnsignedByte();
      length |= (digit & 0x7F) << shift;
      if ((digit & 0x80) == 0) {
        break;
      }
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return new Packet(first >> 4, body);
  }

  /** Reads until the gateway closes the connection; returns -1 then (or throws on timeout). */
  public int readUntilClosed() throws IOException {
    while (socket.getInputStream().read() != -1) {
      // skip whatever comes before the end
    }
    return -1;
  }

  private void send(int header, byte[] body) throws IOException {
    write(packet(header, body));
  }

  private static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(header);
    int length = body.length;
    do {
      int digit = length & 0x7F;
      length >>>= 7;
      packet.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    packet.writeBytes(body);
    return packet.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xFF);
    out.writeBytes(bytes);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
