package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A lexicon string with {@code knownValues}: a few named constants, but any other value read from
 * the wire is kept as it is, never rejected (the lexicons say unknown values must be tolerated).
 * Two instances are equal when they are of the same kind and carry the same string.
 */
public abstract class OpenEnum {
  private final String value;

  protected OpenEnum(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The known constant for {@code value}, or a new instance that preserves it. */
  protected static <T extends OpenEnum> T lookup(List<T> known, String value, Function<String, T> unknown) {
    Objects.requireNonNull(value, "value");
    for (T constant : known) {
      if (constant.value().equals(value)) {
        return constant;
      }
    }
    return unknown.apply(value);
  }

  @JsonValue
  public final String value() {
    return value;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass() && value.equals(((OpenEnum) other).value);
  }

  @Override
  public final int hashCode() {
    return value.hashCode();
  }

  @Override
  public final String toString() {
    return value;
  }
}
