package dev.stratus.atproto;

import java.net.URI;
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

  /**
   * The {@code did:web} of a service at {@code url}: its host, and its port percent-encoded when
   * the URL has one, so a service on {@code localhost:2590} is never taken for a PDS on
   * {@code localhost} ({@code did:web:localhost}).
   *
   * @throws IllegalArgumentException when the URL names no host
   */
  public static String web(URI url) {
    if (url.getHost() == null) {
      throw new IllegalArgumentException(url + " names no host");
    }
    return "did:web:" + url.getHost() + (url.getPort() == -1 ? "" : "%3A" + url.getPort());
  }
}
