package dev.stratus.ffmpeg;

import java.util.regex.Pattern;

/**
 * Cuts what only the server should see out of a line of ffmpeg's output before it becomes part of
 * a job's public message: the {@code [name @ 0x…]} context tags, memory addresses, stream labels
 * such as {@code out#2/image2}, and absolute paths.
 */
final class PublicText {
  private static final Pattern CONTEXT_TAG = Pattern.compile("\\[[^\\]]*@\\s*0x[0-9a-fA-F]+\\]");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]+");
  private static final Pattern STREAM_LABEL = Pattern.compile("\\b(?:out|in)#\\d+(?:[:/][\\w:.-]*)*");
  private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/(?:[\\w.+-]+/)*[\\w.+-]+");
  private static final Pattern SPACES = Pattern.compile("\\s{2,}");

  private PublicText() {}

  static String scrub(String line) {
    String text = CONTEXT_TAG.matcher(line).replaceAll(" ");
    text = ADDRESS.matcher(text).replaceAll("");
    text = STREAM_LABEL.matcher(text).replaceAll("");
    text = ABSOLUTE_PATH.matcher(text).replaceAll("");
    text = text.replace('@', ' ');
    text = SPACES.matcher(text).replaceAll(" ").replace(" :", ":").strip();
    // What is left may start with the separator of a part that was cut.
    while (text.startsWith(":") || text.startsWith("-")) {
      text = text.substring(1).strip();
    }
    return text;
  }
}
