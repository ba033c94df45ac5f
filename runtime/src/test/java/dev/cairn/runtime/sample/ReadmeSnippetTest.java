package dev.cairn.runtime.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java program in README.md's "Java library" section, exactly as written there: compiled with
 * the JDK's compiler against the library, then run in a folder whose {@code inbox/} holds the
 * bundled example logs, as someone who pasted it would.
 */
class ReadmeSnippetTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("## Java library.*?```java\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void theReadmeProgramCompilesRunsAndPrintsWhoDidWhat() throws Exception {
    Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of("../README.md")));
    assertThat(block.find()).as("a java block in the Java library section").isTrue();
    Path source = Files.createDirectories(dir.resolve("src")).resolve("PrintUserActivity.java");
    Files.writeString(source, block.group(1));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String classPath = System.getProperty("java.class.path");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

    int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", classPath, source.toString());

    assertThat(compiled).as("javac exit status").isZero();
    Path run = Files.createDirectories(dir.resolve("run"));
    copy(Path.of("../examples/data"), run.resolve("inbox"));
    Process program = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + classPath, "PrintUserActivity"))
        .directory(run.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(program.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(program.exitValue()).isZero();
    assertThat(out.lines().toList()).hasSizeGreaterThan(10)
        .allMatch(line -> line.matches(".+ 「[A-Za-z0-9]+」\\(\\d{4}-\\d\\d-\\d\\dT.+\\)"))
        .anyMatch(line -> line.contains("「ConsoleLogin」"))
        .noneMatch(line -> line.matches(".*「(Describe|Get)[^」]*」.*"));
    assertThat(run.resolve(".cairn/state.db")).exists();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }
}
