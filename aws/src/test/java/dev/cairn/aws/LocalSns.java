package dev.cairn.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP endpoint standing in for SNS: it records each request the SDK makes and answers as
 * scripted (SNS's XML, an error, a dropped connection, a late answer), {@code 200} with a
 * PublishResponse when nothing is scripted. The JDK's own server: MockWebServer's OkHttp 5 clashes
 * with the OkHttp 3 that S3Proxy brings onto this module's test classpath.
 */
final class LocalSns implements AutoCloseable {
  static final String OK = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
      + "<MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult><ResponseMetadata>"
      + "<RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata></PublishResponse>";

  /** What the SDK sent. */
  record Request(String method, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** How to answer one request. */
  record Answer(int status, String body, Duration delay, boolean drop) {
    static Answer ok() {
      return new Answer(200, OK, Duration.ZERO, false);
    }

    static Answer error(int status, String type, String code, String message) {
      return new Answer(status, "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>" + type
          + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>r1</RequestId>"
          + "</ErrorResponse>", Duration.ZERO, false);
    }

    static Answer dropped() {
      return new Answer(0, "", Duration.ZERO, true);
    }

    static Answer late(Duration delay) {
      return new Answer(200, OK, delay, false);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

  LocalSns() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  void answer(Answer answer) {
    answers.add(answer);
  }

  Request take() throws InterruptedException {
    Request r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 5 s");
    }
    return r;
  }

  int count() {
    return requests.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders()), body));
    Answer a = answers.poll();
    if (a == null) {
      a = Answer.ok();
    }
    if (a.drop()) {
      exchange.close(); // before any answer: the server closes the connection
      return;
    }
    try {
      Thread.sleep(a.delay().toMillis());
    } catch (InterruptedException e) {
      exchange.close();
      return;
    }
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(a.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
