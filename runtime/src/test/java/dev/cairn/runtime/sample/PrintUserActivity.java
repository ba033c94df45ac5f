package dev.cairn.runtime.sample;

import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.ProgressReporter;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The seed example, as people copy it from AWS's CloudTrail Processing Library: print {@code
 * userName 「eventName」(eventTime)} for every event except the read-only {@code Describe*} and
 * {@code Get*} calls, from log files dropped into a folder.
 *
 * <p>Run it with {@code java ... PrintUserActivity inbox}; stop it with Ctrl-C. Files are read once,
 * across restarts (progress and the dedup window live in {@code .cairn/state.db}).
 */
public final class PrintUserActivity {
  private PrintUserActivity() {}

  /** The whole example: a builder with lambdas. */
  public static CairnProcessor create(Path inbox, Path stateFile, PrintStream out, PrintStream err) {
    return CairnProcessor.builder()
        .folder(inbox)
        .stateFile(stateFile)
        .sourceFilter(input -> !input.name().contains("CloudTrail-Digest"))
        .eventFilter(event -> event.eventName() != null && !event.eventName().matches("(Describe|Get).*"))
        .eventsProcessor(events -> events.forEach(event ->
            out.println(event.userIdentity().userName() + " 「" + event.eventName() + "」(" + event.eventTimeText() + ")")))
        .progressReporter(progress -> {
          if (progress.step() == ProgressReporter.Step.ITEM_FINISHED && !progress.success()) {
            err.println("not done: " + progress.item());
          }
        })
        .exceptionHandler(failure -> err.println(failure.describe()))
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    CairnProcessor processor = create(Path.of(args.length > 0 ? args[0] : "inbox"), Path.of(".cairn/state.db"),
        System.out, System.err);
    Runtime.getRuntime().addShutdownHook(new Thread(processor::stop));
    processor.start();
    processor.awaitStopped();
  }
}
