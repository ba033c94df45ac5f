package dev.cairn.app.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.cairn.runtime.Health;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** {@code /healthz} and {@code /metrics} on a small JDK HTTP server (two threads). */
final class HttpEndpoints implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;

  private HttpEndpoints(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving on {@code address} and {@code port} (0 picks a free one).
   *
   * @param health the engines' health: {@code /healthz} answers 200 with {@code "ok"} or {@code
   *     "degraded"} (running, waiting on something that fails: a liveness probe must not restart it,
   *     an alert should look), 503 with {@code "failed"} (not running)
   * @param metrics the Prometheus text
   */
  static HttpEndpoints start(String address, int port, Supplier<Health> health, Supplier<String> metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
    server.createContext("/healthz", exchange -> {
      Health now = health.get();
      String body = "{\"status\":\"" + now.status().name().toLowerCase(Locale.ROOT) + "\""
          + (now.detail().isEmpty() ? "" : ",\"detail\":" + JSON.writeValueAsString(now.detail())) + "}\n";
      respond(exchange, now.status() == Health.Status.FAILED ? 503 : 200, "application/json", body);
    });
    server.createContext("/metrics", exchange ->
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "cairn-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return new HttpEndpoints(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Where it listens, for the log: {@code http://127.0.0.1:9464}. */
  String url() {
    InetSocketAddress bound = server.getAddress();
    String host = bound.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
