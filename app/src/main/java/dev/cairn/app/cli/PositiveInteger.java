package dev.cairn.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A command-line count that must be at least 1 ({@code --threads 0} is bad usage, exit status 2). */
public final class PositiveInteger implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TypeConversionException("expected a whole number of at least 1, got '" + value + "'");
  }
}
