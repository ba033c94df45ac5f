package dev.cairn.app.scan;

import dev.cairn.app.cli.IoReason;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The files the command line names, in its order: a directory stands for every regular file under
 * it, sorted by path. Symbolic links are followed, to files and to directories, on the command line
 * and inside trees; a link back to a directory being walked is a loop, noted and not followed (its
 * files are scanned once, through the other path). What cannot be read (a directory without
 * permission, a path that is not there) is one error each; the rest is still scanned.
 */
final class Inputs {
  final List<ScanInput> files = new ArrayList<>();
  int errors;

  private final Consumer<String> report;

  private Inputs(Consumer<String> report) {
    this.report = report;
  }

  /**
   * Expands {@code args}; {@code report} receives each problem as a line without the
   * {@code cairn:} prefix, e.g. {@code error: logs/private: cannot be read: permission denied}.
   */
  static Inputs expand(List<String> args, Consumer<String> report) {
    Inputs inputs = new Inputs(report);
    for (String arg : args) {
      if (arg.equals(ScanInput.STDIN)) {
        inputs.files.add(ScanInput.stdin());
      } else {
        inputs.walk(Path.of(arg));
      }
    }
    return inputs;
  }

  private void walk(Path start) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(start, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      errors++;
      report.accept("error: " + start + ": no such file or directory");
      return;
    } catch (IOException e) {
      error(start, e);
      return;
    }
    if (!attributes.isDirectory()) {
      files.add(ScanInput.file(start, attributes.size()));
      return;
    }
    List<ScanInput> found = new ArrayList<>();
    try {
      Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                found.add(ScanInput.file(file, attrs.size()));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (e instanceof FileSystemLoopException) {
                report.accept("note: " + file + ": symbolic link loop (a directory it is inside); not followed");
              } else {
                error(file, e);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              if (e != null) {
                error(dir, e); // the listing broke off part-way
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      error(start, e);
    }
    found.sort(Comparator.comparing(ScanInput::path));
    files.addAll(found);
  }

  private void error(Path path, IOException e) {
    errors++;
    report.accept("error: " + path + ": cannot be read: " + IoReason.of(e));
  }
}
