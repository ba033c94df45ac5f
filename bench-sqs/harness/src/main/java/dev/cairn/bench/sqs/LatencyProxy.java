package dev.cairn.bench.sqs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP/1.1 reverse proxy that adds latency and nothing else: each request waits a delay drawn
 * uniformly from [min, max] before it is forwarded; bodies stream through in both directions.
 *
 * <p>One thread per client connection, each paired with its own keep-alive connection to the
 * upstream server, so the proxy never queues a request behind another: as many requests are in
 * flight as the client opens connections. Host and every other header pass unchanged (SigV4
 * signatures stay valid). Bodies are framed by Content-Length or chunked encoding (relayed as is),
 * or end with the connection; {@code Expect: 100-continue} is not supported (the benchmark sends
 * only GETs to S3 and small POSTs to SQS through it). TCP_NODELAY on both sides.
 *
 * <p>Counts requests, injected delay, upstream time to first response byte, and the CPU time of its
 * own threads (including threads that ended), so a report can show it was not the bottleneck.
 */
final class LatencyProxy implements Closeable {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int BUFFER = 64 * 1024;

  private final String name;
  private final InetSocketAddress upstream;
  private final ServerSocket server;
  private final Thread acceptor;
  private volatile long minDelayNanos;
  private volatile long maxDelayNanos;
  private volatile boolean closed;
  private volatile RequestListener listener;

  private final Map<Thread, Socket[]> connections = new ConcurrentHashMap<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger peakActive = new AtomicInteger();
  private final LongAdder requests = new LongAdder();
  private final LongAdder delayNanos = new LongAdder();
  private final LongAdder upstreamNanos = new LongAdder();
  private final LongAdder responseBytes = new LongAdder();
  private final LongAdder endedThreadsCpuNanos = new LongAdder();
  private final AtomicLong acceptedConnections = new AtomicLong();

  LatencyProxy(String name, InetSocketAddress upstream, long minDelayMillis, long maxDelayMillis) throws IOException {
    this.name = name;
    this.upstream = upstream;
    setDelay(minDelayMillis, maxDelayMillis);
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    this.acceptor = new Thread(this::acceptLoop, "latproxy-" + name + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * Told of every request once its response went through: its start line ({@code GET /bucket/key
   * HTTP/1.1}), when it arrived, how long it was delayed, and when its response was written.
   * Called on the connection's thread; null for none.
   */
  interface RequestListener {
    void served(String startLine, long arrivedNanos, long delayNanos, long doneNanos);
  }

  void listener(RequestListener listener) {
    this.listener = listener;
  }

  void setDelay(long minMillis, long maxMillis) {
    if (minMillis < 0 || maxMillis < minMillis) {
      throw new IllegalArgumentException("delay range " + minMillis + "-" + maxMillis + " ms");
    }
    this.minDelayNanos = minMillis * 1_000_000L;
    this.maxDelayNanos = maxMillis * 1_000_000L;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("latency proxy " + name + ": accept failed: " + e);
        }
        return;
      }
      acceptedConnections.incrementAndGet();
      Thread t = new Thread(() -> serve(client), "latproxy-" + name + "-" + connectionCount.incrementAndGet());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket client) {
    Socket up = null;
    try {
      client.setTcpNoDelay(true);
      InputStream cin = new BufferedInputStream(client.getInputStream(), BUFFER);
      OutputStream cout = new BufferedOutputStream(client.getOutputStream(), BUFFER);
      InputStream uin = null;
      OutputStream uout = null;
      byte[] buffer = new byte[BUFFER];
      while (!closed) {
        Head request = Head.read(cin);
        if (request == null) {
          return; // the client closed its keep-alive connection
        }
        long arrived = System.nanoTime();
        int now = active.incrementAndGet();
        peakActive.accumulateAndGet(now, Math::max);
        try {
          long delay = minDelayNanos == maxDelayNanos ? minDelayNanos
              : ThreadLocalRandom.current().nextLong(minDelayNanos, maxDelayNanos + 1);
          sleep(delay);
          delayNanos.add(delay);
          if (up == null || up.isClosed()) {
            up = new Socket();
            up.setTcpNoDelay(true);
            up.connect(upstream);
            connections.put(Thread.currentThread(), new Socket[] {client, up});
            uin = new BufferedInputStream(up.getInputStream(), BUFFER);
            uout = new BufferedOutputStream(up.getOutputStream(), BUFFER);
          }
          long sent = System.nanoTime();
          uout.write(request.bytes);
          copyBody(request, cin, uout, buffer, false);
          uout.flush();
          Head response = Head.read(uin);
          if (response == null) {
            throw new EOFException("upstream closed before responding");
          }
          upstreamNanos.add(System.nanoTime() - sent);
          cout.write(response.bytes);
          boolean noBody = "HEAD".equals(request.method()) || response.status() / 100 == 1
              || response.status() == 204 || response.status() == 304;
          long bytes = noBody ? 0 : copyBody(response, uin, cout, buffer, true);
          cout.flush();
          responseBytes.add(bytes);
          requests.increment();
          RequestListener told = listener;
          if (told != null) {
            told.served(request.startLine(), arrived, delay, System.nanoTime());
          }
          if (request.closes() || response.closes() || (!noBody && response.untilClose())) {
            return;
          }
        } finally {
          active.decrementAndGet();
        }
      }
    } catch (SocketException | EOFException e) {
      // A peer went away (a child process exited): nothing to report.
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        System.err.println("latency proxy " + name + ": " + e);
      }
    } finally {
      closeQuietly(client);
      closeQuietly(up);
      connections.remove(Thread.currentThread());
      long cpu = THREADS.getCurrentThreadCpuTime();
      if (cpu > 0) {
        endedThreadsCpuNanos.add(cpu);
      }
    }
  }

  private static void sleep(long nanos) {
    long end = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0) {
      LockSupport.parkNanos(left);
      left = end - System.nanoTime();
    }
  }

  /** Copies a message body framed as its head says; returns the body bytes copied. */
  private static long copyBody(Head head, InputStream in, OutputStream out, byte[] buffer, boolean isResponse)
      throws IOException {
    if (head.chunked()) {
      return copyChunked(in, out, buffer);
    }
    long length = head.contentLength();
    if (length < 0) {
      if (!isResponse) {
        return 0; // a request without Content-Length or chunking has no body
      }
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        total += n;
      }
      return total;
    }
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("body ended " + left + " bytes early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    return length;
  }

  /** Relays chunked encoding unchanged: size lines, data, the last chunk and any trailers. */
  private static long copyChunked(InputStream in, OutputStream out, byte[] buffer) throws IOException {
    long total = 0;
    while (true) {
      String sizeLine = readLine(in);
      out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        String trailer;
        do {
          trailer = readLine(in);
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        } while (!trailer.isEmpty());
        return total;
      }
      long left = size + 2; // data and its CRLF
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException("chunk ended early");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
      total += size;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      line.append((char) c);
    }
    throw new EOFException("line ended early");
  }

  /** Totals since start; CPU includes live and ended proxy threads. */
  Stats stats() {
    long cpu = endedThreadsCpuNanos.sum();
    for (Thread t : connections.keySet()) {
      long c = THREADS.getThreadCpuTime(t.getId());
      if (c > 0) {
        cpu += c;
      }
    }
    long acceptCpu = THREADS.getThreadCpuTime(acceptor.getId());
    return new Stats(requests.sum(), delayNanos.sum(), upstreamNanos.sum(), responseBytes.sum(),
        cpu + Math.max(0, acceptCpu), acceptedConnections.get(), peakActive.get());
  }

  /** Resets the peak of concurrent requests (the other counters are read as differences). */
  void resetPeak() {
    peakActive.set(active.get());
  }

  record Stats(long requests, long delayNanos, long upstreamNanos, long responseBytes, long cpuNanos,
      long connections, int peakConcurrent) {
    Stats minus(Stats before) {
      return new Stats(requests - before.requests, delayNanos - before.delayNanos,
          upstreamNanos - before.upstreamNanos, responseBytes - before.responseBytes, cpuNanos - before.cpuNanos,
          connections - before.connections, peakConcurrent);
    }

    String describe() {
      if (requests == 0) {
        return "no requests";
      }
      return String.format(Locale.ROOT,
          "%d requests on %d connections (at most %d at once), added delay %.1f ms on average, upstream %.2f ms to"
              + " first byte, %.0f MB through, proxy CPU %.2f s (%.0f µs per request)",
          requests, connections, peakConcurrent, delayNanos / 1e6 / requests, upstreamNanos / 1e6 / requests,
          responseBytes / 1e6, cpuNanos / 1e9, cpuNanos / 1e3 / requests);
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (Socket[] pair : connections.values()) {
      closeQuietly(pair[0]);
      closeQuietly(pair[1]);
    }
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** A request or response head: start line and headers, kept as bytes to forward unchanged. */
  record Head(byte[] bytes, String startLine, long contentLength, boolean chunked, boolean closes, boolean http10) {
    String method() {
      int space = startLine.indexOf(' ');
      return space < 0 ? startLine : startLine.substring(0, space);
    }

    int status() {
      String[] parts = startLine.split(" ", 3);
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    boolean untilClose() {
      return !chunked && contentLength < 0;
    }

    /** Reads up to and including the blank line; null on a clean end of stream before any byte. */
    static Head read(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
      int matched = 0; // of \r\n\r\n
      int c;
      while ((c = in.read()) >= 0) {
        bytes.write(c);
        if (c == '\n' && bytes.size() <= 2) {
          bytes.reset(); // stray CRLF between messages
          matched = 0;
          continue;
        }
        matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (c == '\r' ? 1 : 0);
        if (matched == 4) {
          break;
        }
        if (bytes.size() > 64 * 1024) {
          throw new IOException("head longer than 64 KB");
        }
      }
      if (c < 0) {
        if (bytes.size() == 0) {
          return null;
        }
        throw new EOFException("head ended early");
      }
      byte[] raw = bytes.toByteArray();
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      String[] lines = text.split("\r\n", -1);
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      boolean keepAlive = false;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String header = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (header) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.endsWith("chunked");
          case "connection" -> {
            close = value.contains("close");
            keepAlive = value.contains("keep-alive");
          }
          default -> { }
        }
      }
      boolean http10 = lines[0].startsWith("HTTP/1.0") || lines[0].endsWith("HTTP/1.0");
      return new Head(raw, lines[0], length, chunked, close || (http10 && !keepAlive), http10);
    }
  }
}
