package dev.stratus.atproto;

import java.util.regex.Pattern;

/** DID syntax as atproto restricts it; checked before a DID is used in a key or a path. */
public final class Did {
  private static final Pattern SYNTAX =
      Pattern.compile("did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]");
  private static final int MAX_LENGTH = 2048;

  private Did() {}

  public static boolean isValid(String text) {
    return text.length() <= MAX_LENGTH && SYNTAX.matcher(text).matches();
  }
}
