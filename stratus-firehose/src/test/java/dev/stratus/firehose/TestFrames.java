package dev.stratus.firehose;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.stratus.atproto.Cid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes event-stream frames as a PDS does, for tests: DAG-CBOR values with tag-42 links, CAR
 * slices whose blocks are named by the SHA-256 of their bytes.
 */
final class TestFrames {
  private static final CBORFactory FACTORY = new CBORFactory();

  private TestFrames() {}

  /** A CID link value for {@link #cbor}. */
  record Link(byte[] cid) {}

  static byte[] recordCid(byte[] block) {
    return cid(0x71, block);
  }

  static byte[] blobCid(byte[] content) {
    return cid(0x55, content);
  }

  private static byte[] cid(int codec, byte[] content) {
    byte[] digest = Cid.sha256().digest(content);
    byte[] cid = new byte[36];
    cid[0] = 0x01;
    cid[1] = (byte) codec;
    cid[2] = 0x12;
    cid[3] = 0x20;
    System.arraycopy(digest, 0, cid, 4, 32);
    return cid;
  }

  /** DAG-CBOR of maps, lists, strings, numbers, booleans, null, byte arrays and {@link Link}s. */
  static byte[] cbor(Object... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator generator = FACTORY.createGenerator(out)) {
      for (Object value : values) {
        write(generator, value);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static void write(CBORGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName((String) entry.getKey());
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object item : list) {
        write(generator, item);
      }
      generator.writeEndArray();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Long || value instanceof Integer) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double d) {
      generator.writeNumber(d);
    } else if (value instanceof Boolean b) {
      generator.writeBoolean(b);
    } else if (value instanceof byte[] bytes) {
      generator.writeBinary(bytes);
    } else if (value instanceof Link link) {
      generator.writeTag(42);
      byte[] prefixed = new byte[link.cid().length + 1];
      System.arraycopy(link.cid(), 0, prefixed, 1, link.cid().length);
      generator.writeBinary(prefixed);
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass());
    }
  }

  /** A CAR v1 slice: header naming {@code root}, then each block under the CID of its bytes. */
  static byte[] car(byte[] root, List<byte[]> blocks, List<byte[]> cids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header = cbor(map("roots", List.of(new Link(root)), "version", 1L));
    varint(out, header.length);
    out.writeBytes(header);
    for (int i = 0; i < blocks.size(); i++) {
      varint(out, cids.get(i).length + blocks.get(i).length);
      out.writeBytes(cids.get(i));
      out.writeBytes(blocks.get(i));
    }
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while (value >= 0x80) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** An ordered map of alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** A {@code #commit} frame of {@code ops}, each {action, path, record (map) or null}. */
  static byte[] commit(long seq, String did, List<Object[]> ops) {
    List<byte[]> blocks = new ArrayList<>();
    List<byte[]> cids = new ArrayList<>();
    List<Object> opList = new ArrayList<>();
    for (Object[] op : ops) {
      Object record = op[2];
      Link cid = null;
      if (record != null) {
        byte[] block = cbor(record);
        byte[] recordCid = recordCid(block);
        blocks.add(block);
        cids.add(recordCid);
        cid = new Link(recordCid);
      }
      opList.add(map("action", op[0], "path", op[1], "cid", cid));
    }
    byte[] commitBlock = cbor(map("did", did, "version", 3L, "rev", "3kabc"));
    byte[] commitCid = recordCid(commitBlock);
    blocks.add(commitBlock);
    cids.add(commitCid);
    return cbor(map("op", 1L, "t", "#commit"), map(
        "seq", seq, "repo", did, "rev", "3kabc", "since", null, "commit", new Link(commitCid),
        "blocks", car(commitCid, blocks, cids), "ops", opList, "rebase", false, "tooBig", false,
        "blobs", List.of(), "time", "2026-12-02T00:00:00.000Z"));
  }

  /** A post record embedding {@code embed}. */
  static Map<String, Object> post(Map<String, Object> embed) {
    return map("$type", "app.bsky.feed.post", "text", "hi", "createdAt", "2026-12-02T00:00:00.000Z", "embed", embed);
  }

  static Map<String, Object> videoEmbed(byte[] videoCid, long size) {
    return map("$type", "app.bsky.embed.video",
        "video", map("$type", "blob", "ref", new Link(videoCid), "mimeType", "video/mp4", "size", size));
  }
}
