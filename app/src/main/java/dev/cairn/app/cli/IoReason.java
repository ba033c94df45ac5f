package dev.cairn.app.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read, in the words of {@code ls} and {@code cat}: "permission denied",
 * "no such file or directory". The JDK's own message for most of these is just the path, which the
 * line already names.
 */
public final class IoReason {
  private IoReason() {}

  /** The reason, without the path. */
  public static String of(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemLoopException) {
      return "symbolic link loop";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return lowerFirst(fs.getReason());
    }
    return e.getMessage() != null ? lowerFirst(e.getMessage()) : e.getClass().getSimpleName();
  }

  /** "Not a directory" → "not a directory", as the rest of the line is written. */
  private static String lowerFirst(String reason) {
    return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
  }
}
