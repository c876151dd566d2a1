package io.tern.gateway.security;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link TopicPolicy} to every PUBLISH (including a CONNECT's will) and every
 * subscription of an authenticated client: refused with {@code NOT_AUTHORIZED} (0x87) in the PUBACK
 * or SUBACK, and counted. A connection without an identity is refused everything.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; does not block.
 */
final class TopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAuthorizer.class);

  private final SecurityMetrics metrics;

  TopicAuthorizer(SecurityMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
    String topic = input.getPublishPacket().getTopic();
    Optional<Identity> identity = ClientIdentities.of(input.getConnectionInformation());
    if (identity.isPresent() && TopicPolicy.mayPublish(identity.get(), topic)) {
      output.authorizeSuccessfully();
      return;
    }
    metrics.refused("publish", AckReasonCode.NOT_AUTHORIZED);
    LOG.debug("Refused PUBLISH of '{}' to '{}'", input.getClientInformation().getClientId(), topic);
    output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not allowed to publish to " + topic);
  }

  @Override
  public void authorizeSubscribe(
      SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
    String filter = input.getSubscription().getTopicFilter();
    Optional<Identity> identity = ClientIdentities.of(input.getConnectionInformation());
    if (identity.isPresent() && TopicPolicy.maySubscribe(identity.get(), filter)) {
      output.authorizeSuccessfully();
      return;
    }
    metrics.refused("subscribe", SubackReasonCode.NOT_AUTHORIZED);
    LOG.debug(
        "Refused SUBSCRIBE of '{}' to '{}'", input.getClientInformation().getClientId(), filter);
    output.failAuthorization(
        SubackReasonCode.NOT_AUTHORIZED, "not allowed to subscribe to " + filter);
  }
}
