package dev.stratus.atproto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * CIDv1 for blobs, as atproto computes them: version 1, codec {@code raw} (0x55), multihash
 * sha2-256 (0x12, 32 bytes), written in multibase base32 lower case ({@code b…}, so always
 * {@code bafkrei…}).
 */
public final class Cid {
  private static final byte[] PREFIX = {0x01, 0x55, 0x12, 0x20};
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final Pattern RAW_SHA256 = Pattern.compile("bafkrei[a-z2-7]{52}");

  private Cid() {}

  /** The CID of a blob whose SHA-256 digest is given. */
  public static String ofSha256(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("sha-256 digest must be 32 bytes, was " + digest.length);
    }
    byte[] bytes = new byte[PREFIX.length + digest.length];
    System.arraycopy(PREFIX, 0, bytes, 0, PREFIX.length);
    System.arraycopy(digest, 0, bytes, PREFIX.length, digest.length);
    return "b" + base32(bytes);
  }

  public static String of(byte[] content) {
    return ofSha256(sha256().digest(content));
  }

  /** Streams the file through SHA-256; the file is never held in memory. */
  public static String of(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return ofSha256(digest.digest());
  }

  /**
   * The string form of any binary CIDv1 (a record's, a commit's, a blob's): multibase base32
   * lower case, {@code b…}.
   */
  public static String text(byte[] binary) {
    return "b" + base32(binary);
  }

  /** True for a CIDv1 raw sha2-256 string as written by {@link #ofSha256}. */
  public static boolean isBlobCid(String text) {
    return RAW_SHA256.matcher(text).matches();
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
