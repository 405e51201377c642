package dev.stratus.atproto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The atproto interop crypto vectors, copied from the shared test vectors into test resources. */
final class CryptoVectors {
  private CryptoVectors() {}

  static List<JsonNode> load(String name) {
    try (InputStream in = CryptoVectors.class.getResourceAsStream("/crypto/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /crypto/" + name);
      }
      List<JsonNode> entries = new ArrayList<>();
      new ObjectMapper().readTree(in).forEach(entries::add);
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
