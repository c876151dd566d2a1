package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each CONNECT's user name and password against the credentials file. Refusals (CONNACK,
 * counted): {@code BAD_USER_NAME_OR_PASSWORD} for a missing, unknown or wrong one; {@code
 * CLIENT_IDENTIFIER_NOT_VALID} when a device's client id is not its name, or an operator's client
 * id is a device's (it would take the device's session over); {@code SERVER_BUSY} when too many
 * CONNECTs wait for the slow hash. On success the identity is kept with the connection for the
 * {@link TopicAuthorizer}.
 *
 * <p>Threading: called by HiveMQ's extension threads; the hash runs on {@code executor} (the
 * CONNECT waits asynchronously), so no broker thread is blocked.
 */
final class PasswordAuthenticator implements SimpleAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String CONNECT = "connect";

  private final CredentialStore store;
  private final ExecutorService executor;
  private final SecurityMetrics metrics;

  PasswordAuthenticator(CredentialStore store, ExecutorService executor, SecurityMetrics metrics) {
    this.store = store;
    this.executor = executor;
    this.metrics = metrics;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    Optional<String> name = connect.getUserName();
    Optional<ByteBuffer> password = connect.getPassword();
    if (name.isEmpty() || password.isEmpty()) {
      refuse(output, connect, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "credentials required");
      return;
    }
    Async<SimpleAuthOutput> async =
        output.async(
            TIMEOUT,
            TimeoutFallback.FAILURE,
            ConnackReasonCode.SERVER_BUSY,
            "authentication timed out");
    try {
      executor.execute(
          () -> {
            try {
              decide(input, async.getOutput(), name.get(), password.get());
            } finally {
              async.resume();
            }
          });
    } catch (RejectedExecutionException e) {
      refuse(output, connect, ConnackReasonCode.SERVER_BUSY, "too many connections at once");
      async.resume();
    }
  }

  private void decide(
      SimpleAuthInput input, SimpleAuthOutput output, String name, ByteBuffer passwordBytes) {
    ConnectPacket connect = input.getConnectPacket();
    CharBuffer decoded = StandardCharsets.UTF_8.decode(passwordBytes.duplicate());
    char[] password = new char[decoded.remaining()];
    decoded.get(password);
    Optional<Identity> identity;
    try {
      identity = store.verify(name, password);
    } finally {
      Arrays.fill(password, '\0');
      Arrays.fill(decoded.array(), '\0');
    }
    if (identity.isEmpty()) {
      refuse(
          output,
          connect,
          ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
          "bad user name or password");
      return;
    }
    String clientId = connect.getClientId();
    boolean clientIdValid =
        switch (identity.get().role()) {
          case DEVICE -> clientId.equals(name);
          case OPERATOR -> !store.isDevice(clientId);
        };
    if (!clientIdValid) {
      refuse(
          output,
          connect,
          ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
          identity.get().role() == Role.DEVICE
              ? "a device's client id must be its name"
              : "an operator may not use a device's client id");
      return;
    }
    ClientIdentities.remember(input.getConnectionInformation(), identity.get());
    output.authenticateSuccessfully();
  }

  private void refuse(
      SimpleAuthOutput output, ConnectPacket connect, ConnackReasonCode code, String reason) {
    refuse(metrics, output, connect, code, reason);
  }

  /** Refuses a CONNECT with {@code code}, counted and logged at DEBUG. */
  static void refuse(
      SecurityMetrics metrics,
      SimpleAuthOutput output,
      ConnectPacket connect,
      ConnackReasonCode code,
      String reason) {
    metrics.refused(CONNECT, code);
    LOG.debug(
        "Refused CONNECT of client '{}' user '{}': {}",
        connect.getClientId(),
        connect.getUserName().orElse(""),
        reason);
    output.failAuthentication(code, reason);
  }
}
