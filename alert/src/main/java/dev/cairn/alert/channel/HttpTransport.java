package dev.cairn.alert.channel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The HTTP plumbing the webhook-style channels share: one JDK {@link HttpClient}, a connect timeout
 * and a timeout for the whole exchange (answer and body), no redirects except a 307/308 to the same
 * scheme, host and port (a webhook that moves to another host is a configuration change, not
 * something to follow), and at most {@value #MAX_BODY_KEPT} bytes of an answer kept, to quote in a
 * reason. One instance serves every channel; it is thread-safe.
 */
public final class HttpTransport {
  /** Default time to open a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default time for the whole exchange: the Standard Webhooks spec suggests receivers get 15–30 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  static final int MAX_REDIRECTS = 3;
  static final int MAX_BODY_KEPT = 4096;

  private final HttpClient client;
  private final Duration requestTimeout;
  private final InstantSource clock;

  private HttpTransport(HttpClient client, Duration requestTimeout, InstantSource clock) {
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /**
   * A transport with these timeouts; {@code clock} dates {@code Retry-After} and webhook signatures.
   *
   * @throws IllegalArgumentException when a timeout is not positive
   */
  public static HttpTransport create(Duration connectTimeout, Duration requestTimeout, InstantSource clock) {
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        // HTTP/1.1: every receiver speaks it, and cleartext HTTP/2 upgrades only add a round of surprises.
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    return new HttpTransport(client, requestTimeout, Objects.requireNonNull(clock, "clock"));
  }

  /** The defaults: 5 s to connect, 15 s for the exchange, the system clock. */
  public static HttpTransport defaults() {
    return create(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, InstantSource.system());
  }

  InstantSource clock() {
    return clock;
  }

  /**
   * A request a channel rendered.
   *
   * @param uri where it goes (may hold a secret: never shown)
   * @param headers every header, secret ones included
   * @param body the body, sent as is
   * @param scrubber what to remove from reasons: the URL, keys
   */
  record Post(URI uri, Map<String, String> headers, byte[] body, Redact.Scrubber scrubber) {}

  /** Sends one POST and classifies the answer; never throws for a failed delivery. */
  Attempt post(Post post, Responses.Receiver receiver) throws InterruptedException {
    URI uri = post.uri();
    String host = uri.getHost();
    for (int hop = 0; ; hop++) {
      HttpResponse<String> response;
      CompletableFuture<HttpResponse<String>> exchange;
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(post.body()));
        post.headers().forEach(request::header);
        exchange = client.sendAsync(request.build(), HttpTransport::capped);
      } catch (IllegalArgumentException e) {
        return new Attempt.Permanent("request to " + host + " not sent: " + post.scrubber().scrub(String.valueOf(e.getMessage())));
      }
      try {
        // The request timeout covers waiting for the answer's head; this one covers the body too.
        response = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        exchange.cancel(true);
        return new Attempt.Transient("no answer from " + host + " within " + requestTimeout.toMillis() + " ms",
            Optional.empty());
      } catch (InterruptedException e) {
        exchange.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        return failed(e.getCause(), host, post.scrubber());
      }
      int status = response.statusCode();
      if ((status == 307 || status == 308) && hop < MAX_REDIRECTS) {
        Optional<URI> next = location(uri, response);
        if (next.isPresent() && sameOrigin(uri, next.get())) {
          uri = next.get();
          continue;
        }
      }
      return Responses.classify(receiver, status, response.headers().firstValue("Retry-After"), host,
          post.scrubber().scrub(response.body()), clock);
    }
  }

  private Attempt failed(Throwable cause, String host, Redact.Scrubber scrubber) {
    if (cause instanceof HttpConnectTimeoutException) {
      return new Attempt.Transient("could not connect to " + host + " in time", Optional.empty());
    }
    if (cause instanceof HttpTimeoutException) {
      return new Attempt.Transient("no answer from " + host + " within " + requestTimeout.toMillis() + " ms",
          Optional.empty());
    }
    String detail = cause.getMessage() == null ? "" : ": " + Text.fit(Text.oneLine(scrubber.scrub(cause.getMessage())), 200);
    if (cause instanceof ConnectException) {
      return new Attempt.Transient("could not connect to " + host + detail, Optional.empty());
    }
    if (cause instanceof SSLException) {
      return new Attempt.Transient("TLS with " + host + " failed" + detail, Optional.empty());
    }
    if (cause instanceof IOException) {
      return new Attempt.Transient("connection to " + host + " failed (" + cause.getClass().getSimpleName() + ")"
          + detail, Optional.empty());
    }
    return new Attempt.Transient("request to " + host + " failed (" + cause.getClass().getSimpleName() + ")" + detail,
        Optional.empty());
  }

  private static Optional<URI> location(URI from, HttpResponse<?> response) {
    try {
      return response.headers().firstValue("Location").map(from::resolve);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost())) && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": expected a positive duration, got " + d);
    }
  }

  /** Keeps the first bytes of an answer and drops the rest: a receiver cannot fill our memory. */
  private static HttpResponse.BodySubscriber<String> capped(HttpResponse.ResponseInfo info) {
    return HttpResponse.BodySubscribers.fromSubscriber(new Capped(), c -> new String(c.kept(), StandardCharsets.UTF_8));
  }

  private static final class Capped implements Flow.Subscriber<List<ByteBuffer>> {
    private final byte[] kept = new byte[MAX_BODY_KEPT];
    private int size;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        int n = Math.min(b.remaining(), kept.length - size);
        b.get(kept, size, n);
        size += n;
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    byte[] kept() {
      return java.util.Arrays.copyOf(kept, size);
    }
  }
}
