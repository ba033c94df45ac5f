package dev.cairn.app.run;

import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run that starts on existing state tells first, so that a quiet terminal is not mistaken
 * for a broken one: "182 events in 11 files already handled earlier; watching inbox/ for new files".
 */
final class StartNote {
  private StartNote() {}

  /** The note for a folder, or empty when nothing in it was handled before. */
  static String folder(StateStore store, Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    String prefix = absolute.toString().endsWith(absolute.getFileSystem().getSeparator())
        ? absolute.toString() : absolute + absolute.getFileSystem().getSeparator();
    long files = 0;
    long events = 0;
    for (Map.Entry<String, InputState> entry : store.inputs().under(prefix).entrySet()) {
      if (entry.getValue().status() == InputState.Status.DONE) {
        files++;
        events += entry.getValue().position();
      }
    }
    if (files == 0) {
      return "";
    }
    return events + (events == 1 ? " event" : " events") + " in " + files + (files == 1 ? " file" : " files")
        + " already handled earlier; watching " + folder + "/ for new files";
  }
}
