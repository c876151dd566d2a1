package io.tern.agent.source.influx;

import io.tern.agent.source.ReadingSink;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives InfluxDB line protocol on one port number over UDP (one or more lines per datagram, up
 * to 64 KiB) and TCP (newline-separated lines, each up to 64 KiB, at most {@value #MAX_CONNECTIONS}
 * connections at once), and hands the readings to a sink. Port 0 picks a free port number that is
 * free for both protocols.
 *
 * <p>Threads: {@code tern-influx-udp} receives datagrams, {@code tern-influx-tcp-accept} accepts
 * connections, {@code tern-influx-tcp-<n>} reads one connection each; all call the sink. {@link
 * #close} (any other thread) closes the sockets and waits for these threads to end, so the sink is
 * not called after it returns.
 */
public final class InfluxListener implements AutoCloseable {
  public static final int MAX_LINE_BYTES = 65_536;
  public static final int MAX_CONNECTIONS = 64;
  private static final int BIND_ATTEMPTS = 20;
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(InfluxListener.class);

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final LineIngest ingest;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionNumber = new AtomicInteger();
  private volatile Thread acceptThread;
  private volatile boolean closed;

  private InfluxListener(DatagramSocket udp, ServerSocket tcp, LineIngest ingest) {
    this.udp = udp;
    this.tcp = tcp;
    this.ingest = ingest;
  }

  /**
   * Binds both sockets and starts the threads.
   *
   * @param port port number for UDP and TCP; 0 for any number free for both
   * @throws UncheckedIOException if a socket cannot be bound (e.g. the port is taken)
   */
  public static InfluxListener start(
      InetAddress bindAddress,
      int port,
      LineProtocol.Precision precision,
      ReadingSink sink,
      InstantSource clock) {
    LineIngest ingest = new LineIngest(new LineProtocol(precision), sink, clock);
    InfluxListener listener = bind(bindAddress, port, ingest);
    listener.startThread("tern-influx-udp", listener::receiveDatagrams);
    listener.acceptThread =
        listener.startThread("tern-influx-tcp-accept", listener::acceptConnections);
    log.info("Listening for InfluxDB line protocol on udp+tcp {}", listener.address());
    return listener;
  }

  /** The bound port number (the same for UDP and TCP). */
  public int port() {
    return tcp.getLocalPort();
  }

  /** {@code host:port} the listener is bound to. */
  public String address() {
    return tcp.getInetAddress().getHostAddress() + ":" + port();
  }

  public InfluxStats stats() {
    return ingest.stats();
  }

  /** Closes the sockets and waits for the listener threads to end. Idempotent. */
  @Override
  public void close() {
    closed = true;
    udp.close();
    closeQuietly(tcp);
    Thread accepting = acceptThread;
    if (accepting != null) {
      join(accepting);
    }
    connections.forEach(InfluxListener::closeQuietly);
    for (Thread thread : List.copyOf(threads)) {
      join(thread);
    }
  }

  private static void join(Thread thread) {
    if (thread == Thread.currentThread()) {
      return;
    }
    try {
      thread.join(JOIN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (thread.isAlive()) {
      log.warn("Thread {} did not end within {}", thread.getName(), JOIN_TIMEOUT);
    }
  }

  private static InfluxListener bind(InetAddress address, int port, LineIngest ingest) {
    for (int attempt = 1; ; attempt++) {
      ServerSocket tcp = null;
      try {
        tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(address, port));
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, tcp.getLocalPort()));
        return new InfluxListener(udp, tcp, ingest);
      } catch (IOException e) {
        closeQuietly(tcp);
        if (port != 0 || !(e instanceof BindException) || attempt == BIND_ATTEMPTS) {
          throw new UncheckedIOException(
              "cannot listen on udp+tcp " + address.getHostAddress() + ":" + port, e);
        }
      }
    }
  }

  private Thread startThread(String name, Runnable body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } finally {
                threads.remove(Thread.currentThread());
              }
            },
            name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return thread;
  }

  private void receiveDatagrams() {
    byte[] buffer = new byte[65_535];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!closed) {
      try {
        packet.setLength(buffer.length);
        udp.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          log.error("UDP receive failed on {}; UDP input stops", address(), e);
        }
        return;
      }
      String peer = "udp " + packet.getSocketAddress();
      String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        ingest.accept(line, peer);
      }
    }
  }

  private void acceptConnections() {
    while (!closed) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (!closed) {
          log.error("TCP accept failed on {}; TCP input stops", address(), e);
        }
        return;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        log.warn(
            "Refusing TCP connection from {}: already {} connections",
            socket.getRemoteSocketAddress(),
            MAX_CONNECTIONS);
        closeQuietly(socket);
        continue;
      }
      connections.add(socket);
      ingest.connectionAccepted();
      startThread("tern-influx-tcp-" + connectionNumber.incrementAndGet(), () -> serve(socket));
    }
  }

  private void serve(Socket socket) {
    String peer = "tcp " + socket.getRemoteSocketAddress();
    try (socket) {
      BoundedLineReader reader = new BoundedLineReader(socket.getInputStream(), MAX_LINE_BYTES);
      for (BoundedLineReader.Result r = reader.next();
          !(r instanceof BoundedLineReader.End);
          r = reader.next()) {
        if (r instanceof BoundedLineReader.Text text) {
          ingest.accept(text.line(), peer);
        } else if (r instanceof BoundedLineReader.TooLong tooLong) {
          ingest.invalid("line longer than " + MAX_LINE_BYTES + " bytes", tooLong.start(), peer);
        }
      }
    } catch (SocketException e) {
      if (!closed) {
        log.warn("TCP connection {} ended: {}", peer, e.toString());
      }
    } catch (IOException e) {
      log.warn("TCP connection {} failed: {}", peer, e.toString());
    } finally {
      connections.remove(socket);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      log.debug("Closing {} failed: {}", closeable, e.toString());
    }
  }
}
