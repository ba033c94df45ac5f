package dev.cairn.runtime.state;

import java.nio.file.Path;

/** The other process of {@link StateLockIT}: opens the state, says so, and holds it until killed. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    StateStore store = StateStore.open(Path.of(args[0]));
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(60_000);
    store.close();
  }
}
