package dev.stratus.core.media;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A caption track as a post attaches it ({@code app.bsky.embed.video#caption}): a WebVTT file of
 * at most 20,000 bytes, in UTF-8, beginning with {@code WEBVTT}. Anything else is not served.
 */
public final class CaptionFile {
  /** The lexicon's {@code maxSize} for a caption file. */
  public static final int MAX_BYTES = 20_000;
  private static final String BOM = "\uFEFF";
  private static final String SIGNATURE = "WEBVTT";

  // A BCP-47 tag's shape (en, pt-BR, zh-Hant-TW): it names files, so nothing else gets through.
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

  private CaptionFile() {}

  /** Whether {@code lang} is a language tag a track may be stored and served under. */
  public static boolean isLanguageTag(String lang) {
    return lang.length() <= 35 && LANGUAGE.matcher(lang).matches();
  }

  /**
   * The file's text, when it is a caption file Stratus serves.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String check(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("a caption file of " + bytes.length + " bytes; at most " + MAX_BYTES);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a caption file that is not UTF-8");
    }
    String body = text.startsWith(BOM) ? text.substring(1) : text;
    if (!body.startsWith(SIGNATURE)
        || (body.length() > SIGNATURE.length() && " \t\r\n".indexOf(body.charAt(SIGNATURE.length())) < 0)) {
      throw new IllegalArgumentException("a caption file that does not begin with WEBVTT");
    }
    return body;
  }
}
