package io.tern.gateway.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.tern.gateway.ingest.TelemetryInterceptor;
import io.tern.gateway.ingest.WillWatcher;
import io.tern.gateway.output.MqttOutputPublisher;
import io.tern.gateway.security.BrokerRefusals;
import io.tern.gateway.security.ClientAccess;
import io.tern.gateway.security.PublishRateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded HiveMQ extension: installs the authenticator and authorizer (when clients
 * authenticate; behind the connection-rate limit), the publish rate limit and the telemetry
 * interceptor on every client, counts the broker's own limit refusals, watches connections for
 * agents' wills, and hands the broker's publish service to the output publisher. Called by HiveMQ's
 * startup thread.
 */
final class TernBrokerExtension implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(TernBrokerExtension.class);

  private final TelemetryInterceptor interceptor;
  private final MqttOutputPublisher publisher;
  private final WillWatcher wills;
  private final ClientAccess access;
  private final PublishRateLimiter rateLimiter;
  private final BrokerRefusals brokerRefusals;

  TernBrokerExtension(
      TelemetryInterceptor interceptor,
      MqttOutputPublisher publisher,
      WillWatcher wills,
      ClientAccess access,
      PublishRateLimiter rateLimiter,
      BrokerRefusals brokerRefusals) {
    this.interceptor = interceptor;
    this.publisher = publisher;
    this.wills = wills;
    this.access = access;
    this.rateLimiter = rateLimiter;
    this.brokerRefusals = brokerRefusals;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    access.install(Services.securityRegistry(), rateLimiter.cooldowns());
    Services.initializerRegistry()
        .setClientInitializer(
            (initializerInput, clientContext) -> {
              // The rate limit first: a refused PUBLISH reaches no later interceptor.
              if (rateLimiter.enabled()) {
                clientContext.addPublishInboundInterceptor(rateLimiter.forConnection());
              }
              clientContext.addPublishInboundInterceptor(interceptor);
            });
    Services.interceptorRegistry()
        .setConnackOutboundInterceptorProvider(providerInput -> brokerRefusals);
    ClientLifecycleListeners listeners = new ClientLifecycleListeners(wills, brokerRefusals);
    Services.eventRegistry().setClientLifecycleEventListener(client -> listeners);
    publisher.attach(Services.publishService());
    LOG.debug("Tern extension started");
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    LOG.debug("Tern extension stopped");
  }
}
