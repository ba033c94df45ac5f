package dev.cairn.app.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One thing to scan: a file (with its size when listed, for the progress bar), or standard input. */
record ScanInput(String name, Path path, long size) {
  static final String STDIN = "-";

  static ScanInput file(Path path, long size) {
    return new ScanInput(path.toString(), path, size);
  }

  static ScanInput stdin() {
    return new ScanInput("<stdin>", null, 0);
  }

  InputStream open() throws IOException {
    return path == null ? System.in : Files.newInputStream(path);
  }
}
