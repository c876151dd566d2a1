package io.tern.launcher.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Tells whether a TCP port can be bound, so that commands fail early with a clear message. */
final class PortCheck {

  private PortCheck() {}

  static boolean isFree(int port) {
    if (port == 0) {
      return true;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
