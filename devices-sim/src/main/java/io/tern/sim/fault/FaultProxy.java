package io.tern.sim.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting TCP proxy between simulated devices and the gateway's MQTT listener: one
 * listening port on 127.0.0.1 per link (a device, or a group of devices), each forwarding to the
 * broker. A cut link closes its open connections and closes every new one at once (the client sees
 * the connection refused and retries) until it is restored.
 *
 * <p>Threads: one acceptor per link ({@code sim-proxy-LINK}) and two pumps per connection ({@code
 * sim-proxy-LINK-up/-down}); {@link #cut}, {@link #restore} and {@link #close} from any thread.
 */
public final class FaultProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

  private final String brokerHost;
  private final int brokerPort;
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final AtomicLong cuts = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /** Opens one listening port per link name. */
  public FaultProxy(String brokerHost, int brokerPort, List<String> linkNames) {
    this.brokerHost = brokerHost;
    this.brokerPort = brokerPort;
    try {
      for (String name : linkNames) {
        links.put(name, new Link(name));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot open the fault proxy's ports", e);
    }
    links.values().forEach(Link::start);
  }

  /** The MQTT URI through which a device on {@code link} reaches the broker. */
  public String uri(String link) {
    return "tcp://127.0.0.1:" + link(link).server.getLocalPort();
  }

  /** Cuts the link: open connections are closed, new ones refused. No-op if already cut. */
  public void cut(String link) {
    Link l = link(link);
    if (l.down) {
      return;
    }
    l.down = true;
    cuts.incrementAndGet();
    int closed = l.closeConnections();
    log.info("Fault proxy: link {} cut ({} connections closed)", link, closed);
  }

  /** New connections on the link are forwarded again. */
  public void restore(String link) {
    Link l = link(link);
    if (l.down) {
      l.down = false;
      log.info("Fault proxy: link {} restored", link);
    }
  }

  public long cuts() {
    return cuts.get();
  }

  public long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    for (Link link : links.values()) {
      link.close();
    }
  }

  private Link link(String name) {
    Link link = links.get(name);
    if (link == null) {
      throw new IllegalArgumentException("no proxy link " + name);
    }
    return link;
  }

  private final class Link {
    private final String name;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean down;
    private volatile boolean closed;

    Link(String name) throws IOException {
      this.name = name;
      this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      this.acceptor = new Thread(this::accept, "sim-proxy-" + name);
      this.acceptor.setDaemon(true);
    }

    void start() {
      acceptor.start();
    }

    private void accept() {
      while (!closed) {
        Socket client;
        try {
          client = server.accept();
        } catch (IOException e) {
          if (!closed) {
            log.error("Fault proxy link {} stopped accepting", name, e);
          }
          return;
        }
        if (down) {
          refused.incrementAndGet();
          quietClose(client);
          continue;
        }
        connect(client);
      }
    }

    private void connect(Socket client) {
      Socket broker = new Socket();
      try {
        broker.connect(new InetSocketAddress(brokerHost, brokerPort), 5_000);
        client.setTcpNoDelay(true);
        broker.setTcpNoDelay(true);
      } catch (IOException e) {
        log.warn(
            "Fault proxy link {}: cannot reach the broker {}:{}", name, brokerHost, brokerPort, e);
        quietClose(client);
        quietClose(broker);
        return;
      }
      open.add(client);
      open.add(broker);
      pump(client, broker, "up");
      pump(broker, client, "down");
      if (down) { // cut while connecting
        closeConnections();
      }
    }

    private void pump(Socket from, Socket to, String direction) {
      Thread pump =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (SocketException e) {
                  log.debug("Fault proxy link {} {}: {}", name, direction, e.getMessage());
                } catch (IOException e) {
                  log.debug("Fault proxy link {} {} failed", name, direction, e);
                } finally {
                  open.remove(from);
                  open.remove(to);
                  quietClose(from);
                  quietClose(to);
                }
              },
              "sim-proxy-" + name + "-" + direction);
      pump.setDaemon(true);
      pump.start();
    }

    int closeConnections() {
      List<Socket> sockets = new ArrayList<>(open);
      open.removeAll(sockets);
      sockets.forEach(FaultProxy::quietClose);
      return sockets.size() / 2;
    }

    void close() {
      closed = true;
      quietClose(server);
      closeConnections();
    }
  }

  private static void quietClose(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.debug("Fault proxy: close failed", e);
    }
  }
}
