package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An atproto blob reference: {@code {"$type":"blob","ref":{"$link":CID},"mimeType","size"}}. The
 * legacy form {@code {"cid","mimeType"}} is readable but never written.
 */
@JsonPropertyOrder({"$type", "ref", "mimeType", "size"})
public record BlobRef(
    @JsonProperty("ref") Link ref,
    @JsonProperty("mimeType") String mimeType,
    @JsonProperty("size") long size) {

  /** A CID link, {@code {"$link": cid}}. */
  public record Link(@JsonProperty("$link") String link) {
    public Link {
      Objects.requireNonNull(link, "$link");
    }
  }

  public BlobRef {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(mimeType, "mimeType");
  }

  public static BlobRef of(String cid, String mimeType, long size) {
    return new BlobRef(new Link(cid), mimeType, size);
  }

  @JsonCreator
  static BlobRef fromJson(
      @JsonProperty("ref") @Nullable Link ref,
      @JsonProperty("cid") @Nullable String legacyCid,
      @JsonProperty("mimeType") String mimeType,
      @JsonProperty("size") long size) {
    if (ref == null && legacyCid == null) {
      throw new IllegalArgumentException("blob has neither ref nor cid");
    }
    return new BlobRef(ref != null ? ref : new Link(legacyCid), mimeType, size);
  }

  @JsonProperty("$type")
  String type() {
    return "blob";
  }

  /** The blob's CID string. */
  @JsonIgnore
  public String cid() {
    return ref.link();
  }
}
