package dev.stratus.firehose;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads DAG-CBOR values into plain Java: maps with string keys, lists, strings, longs, booleans,
 * null, byte arrays, and {@link CidLink}s for tag-42 links. Floats are refused (the atproto data
 * model has none), as are nesting deeper than 64 and anything that is not whole CBOR.
 */
final class DagCbor {
  private static final CBORFactory FACTORY = new CBORFactory();
  private static final int CID_TAG = 42;
  private static final int MAX_DEPTH = 64;

  private DagCbor() {}

  /** A parser over {@code bytes[offset, offset+length)}; read values from it with {@link #next}. */
  static CBORParser parser(byte[] bytes, int offset, int length) throws IOException {
    return (CBORParser) FACTORY.createParser(bytes, offset, length);
  }

  /** The next whole value, or a {@link FrameException} if there is none. */
  static Object next(CBORParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new FrameException("a value is missing");
    }
    return value(parser, token, 0);
  }

  /** One value read from all of {@code bytes}; trailing bytes are an error. */
  static Object read(byte[] bytes) throws IOException {
    try (CBORParser parser = parser(bytes, 0, bytes.length)) {
      Object value = next(parser);
      if (parser.nextToken() != null) {
        throw new FrameException("bytes after the value");
      }
      return value;
    }
  }

  private static Object value(CBORParser parser, JsonToken token, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new FrameException("nested deeper than " + MAX_DEPTH);
    }
    int tag = parser.getCurrentTag();
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          if (t != JsonToken.FIELD_NAME) {
            throw new FrameException("a map key is not a string");
          }
          String key = parser.currentName();
          map.put(key, value(parser, parser.nextToken(), depth + 1));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          list.add(value(parser, t, depth + 1));
        }
        yield list;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getLongValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      case VALUE_EMBEDDED_OBJECT -> {
        byte[] bytes = parser.getBinaryValue();
        if (tag == CID_TAG) {
          if (bytes.length < 2 || bytes[0] != 0x00) {
            throw new FrameException("a CID link without its 0x00 prefix");
          }
          yield new CidLink(Arrays.copyOfRange(bytes, 1, bytes.length));
        }
        yield bytes;
      }
      case VALUE_NUMBER_FLOAT -> throw new FrameException("a float, which atproto data never holds");
      default -> throw new FrameException("unexpected " + token);
    };
  }

  /** Keeps the unchecked cast of a decoded map in one place. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String what) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new FrameException(what + " is not a map");
    }
    return (Map<String, Object>) map;
  }
}
