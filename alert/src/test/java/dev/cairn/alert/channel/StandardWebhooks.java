package dev.cairn.alert.channel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's side of the Standard Webhooks signature, written from the spec for the tests (not
 * with the channel's code): the secret without {@code whsec_}, base64-decoded, is the HMAC-SHA256
 * key of {@code id.timestamp.body}.
 */
final class StandardWebhooks {
  private StandardWebhooks() {}

  static String sign(String secret, String id, long timestamp, byte[] body) throws Exception {
    byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] signed = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed));
  }
}
