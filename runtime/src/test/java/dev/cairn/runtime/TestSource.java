package dev.cairn.runtime;

import dev.cairn.runtime.source.EventSource;
import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.SkippedInput;
import dev.cairn.runtime.source.WorkItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory source like a queue: failed items are delivered again (optionally), every settlement recorded. */
final class TestSource implements EventSource {
  final LinkedBlockingQueue<Item> available = new LinkedBlockingQueue<>();
  final List<Item> completed = new CopyOnWriteArrayList<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  final List<Item> failed = new CopyOnWriteArrayList<>();
  final AtomicInteger outstanding = new AtomicInteger();
  final AtomicInteger polls = new AtomicInteger();
  volatile boolean redeliver = true;
  volatile boolean closed;
  final java.util.concurrent.atomic.AtomicInteger failPolls = new java.util.concurrent.atomic.AtomicInteger();

  Item add(String name, Input... inputs) {
    return add(name, List.of(), inputs);
  }

  /** An item that also names things it does not read, as an SQS notice naming a digest file does. */
  Item add(String name, List<SkippedInput> skipped, Input... inputs) {
    Item item = new Item(name, List.of(inputs), skipped);
    outstanding.incrementAndGet();
    available.add(item);
    return item;
  }

  Item add(String name, String content) {
    return add(name, input(name, content));
  }

  static Input input(String name, String content) {
    return input(name, content.getBytes(StandardCharsets.UTF_8));
  }

  static Input input(String name, byte[] bytes) {
    return new Input() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Map<String, String> attributes() {
        return Map.of("size", Integer.toString(bytes.length));
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  /**
   * An input with a progress key and version, as an S3 object or a file has; {@code opens} counts
   * how often it was opened.
   */
  static Input keyed(String key, String version, String content, AtomicInteger opens) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new Input() {
      @Override
      public String name() {
        return key;
      }

      @Override
      public Map<String, String> attributes() {
        return Map.of();
      }

      @Override
      public InputStream open() {
        opens.incrementAndGet();
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public Optional<String> progressKey() {
        return Optional.of(key);
      }

      @Override
      public Optional<String> version() {
        return Optional.of(version);
      }
    };
  }

  static Input missing(String name) {
    return new Input() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Map<String, String> attributes() {
        return Map.of();
      }

      @Override
      public InputStream open() throws IOException {
        throw new java.nio.file.NoSuchFileException(name);
      }
    };
  }

  @Override
  public List<WorkItem> poll(Duration maxWait) throws IOException, InterruptedException {
    polls.incrementAndGet();
    if (failPolls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IOException("queue unreachable");
    }
    Item first = available.poll(Math.min(maxWait.toMillis(), 50), TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    List<WorkItem> items = new ArrayList<>();
    items.add(first);
    List<Item> more = new ArrayList<>();
    available.drainTo(more, 4);
    items.addAll(more);
    return items;
  }

  @Override
  public boolean drained() {
    return outstanding.get() == 0;
  }

  @Override
  public void close() {
    closed = true;
  }

  List<String> completedNames() {
    List<String> names = new ArrayList<>();
    completed.forEach(item -> names.add(item.name));
    Collections.sort(names);
    return names;
  }

  final class Item implements WorkItem {
    final String name;
    final List<Input> inputs;
    final List<SkippedInput> skipped;
    final AtomicInteger settlements = new AtomicInteger();

    Item(String name, List<Input> inputs, List<SkippedInput> skipped) {
      this.name = name;
      this.inputs = inputs;
      this.skipped = skipped;
    }

    @Override
    public List<SkippedInput> skipped() {
      return skipped;
    }

    @Override
    public String describe() {
      return "item " + name;
    }

    @Override
    public List<Input> inputs() {
      return inputs;
    }

    @Override
    public void completed() {
      settlements.incrementAndGet();
      completed.add(this);
      outstanding.decrementAndGet();
    }

    @Override
    public void failed(Throwable cause) {
      settlements.incrementAndGet();
      failed.add(this);
      failures.add(cause);
      if (redeliver && !closed) {
        available.add(this);
      } else {
        outstanding.decrementAndGet();
      }
    }
  }
}
