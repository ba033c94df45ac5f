package dev.cairn.app.scan;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets several threads produce output for numbered inputs while the reader sees it in input order,
 * as if one thread had done the work. The input at the head of the order writes straight through;
 * the others buffer (in memory up to a bound, then in a temporary file) until their turn comes, so
 * memory stays bounded whatever the sizes.
 */
final class OrderedOutput {
  private static final int LOCAL_FLUSH_CHARS = 1 << 16;
  private static final int MEMORY_LIMIT_CHARS = 8 << 20;

  private final Writer out;
  private final List<Slot> slots = new ArrayList<>();
  private int head;

  OrderedOutput(Writer out) {
    this.out = out;
  }

  /** The slot for the next input, in order. Call from one thread, before the work is handed out. */
  synchronized Slot newSlot() {
    Slot slot = new Slot(slots.size());
    slots.add(slot);
    return slot;
  }

  private synchronized void publish(Slot slot, CharSequence text, boolean last) throws IOException {
    if (slot.index == head) {
      out.append(text);
    } else {
      slot.hold(text);
    }
    if (last) {
      slot.done = true;
      advance();
    }
  }

  /** Moves the head past finished slots, releasing what they held; the new head drains its buffer. */
  private void advance() throws IOException {
    while (head < slots.size()) {
      Slot current = slots.get(head);
      current.release(out);
      if (!current.done) {
        return;
      }
      slots.set(head, null);
      head++;
    }
  }

  /** Output of one input. Used by one thread at a time. */
  final class Slot {
    private final int index;
    private final StringBuilder local = new StringBuilder();
    private StringBuilder held;
    private Path spill;
    private Writer spillWriter;
    private boolean done;

    private Slot(int index) {
      this.index = index;
    }

    /** Appends text (normally whole lines). */
    void write(CharSequence text) {
      local.append(text);
      if (local.length() >= LOCAL_FLUSH_CHARS) {
        flushLocal(false);
      }
    }

    /** No more output for this input. */
    void close() {
      flushLocal(true);
    }

    private void flushLocal(boolean last) {
      try {
        publish(this, local, last);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      local.setLength(0);
    }

    private void hold(CharSequence text) throws IOException {
      if (spillWriter != null) {
        spillWriter.append(text);
        return;
      }
      if (held == null) {
        held = new StringBuilder();
      }
      held.append(text);
      if (held.length() > MEMORY_LIMIT_CHARS) {
        spill = Files.createTempFile("cairn-scan-", ".out");
        spill.toFile().deleteOnExit();
        spillWriter = new BufferedWriter(Files.newBufferedWriter(spill, StandardCharsets.UTF_8), 1 << 16);
        spillWriter.append(held);
        held = null;
      }
    }

    private void release(Writer to) throws IOException {
      if (spillWriter != null) {
        spillWriter.close();
        spillWriter = null;
        try (BufferedReader reader = Files.newBufferedReader(spill, StandardCharsets.UTF_8)) {
          reader.transferTo(to);
        }
        Files.deleteIfExists(spill);
      }
      if (held != null) {
        to.append(held);
        held = null;
      }
    }
  }
}
