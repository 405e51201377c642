package dev.stratus.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where uploads and encoded media live, by key. Keys are slash-separated paths of
 * {@code [A-Za-z0-9._:%-]} segments; no segment is {@code .} or {@code ..}. Writes are atomic: a
 * reader sees a whole object or none.
 */
public interface BlobStore {

  /** Streams {@code content} into a new object and returns its size; never buffers it whole. */
  long put(String key, InputStream content) throws IOException;

  /** Stores a copy of a local file (it may be moved instead when {@code moveAllowed}). */
  void putFile(String key, Path file, boolean moveAllowed) throws IOException;

  /** Size of an object, empty if there is none. */
  Optional<Long> size(String key) throws IOException;

  /** Reads {@code length} bytes from {@code offset}. */
  InputStream open(String key, long offset, long length) throws IOException;

  /** Writes the whole object to a local file. */
  void copyTo(String key, Path target) throws IOException;

  /** Deletes one object; absent is fine. */
  void delete(String key) throws IOException;

  /** Deletes every object whose key starts with {@code folder + "/"}; none is fine. */
  void deleteAll(String folder) throws IOException;

  /** Checks a key's syntax; used before any client-supplied text becomes a key. */
  static boolean isValidKey(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || !segment.matches("[A-Za-z0-9._:%-]+")) {
        return false;
      }
    }
    return true;
  }
}
