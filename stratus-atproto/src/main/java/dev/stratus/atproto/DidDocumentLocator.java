package dev.stratus.atproto;

import dev.stratus.atproto.DidResolutionException.Reason;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a DID's document lives: {@code did:plc} at the PLC directory, {@code did:web} at the host's
 * {@code /.well-known/did.json}. Only the hostname form of did:web is supported, as in atproto;
 * plain http and a port are allowed only for {@code localhost}, for local development.
 */
final class DidDocumentLocator {
  private static final String PLC_PREFIX = "did:plc:";
  private static final String WEB_PREFIX = "did:web:";
  private static final Pattern HOST_AND_PORT =
      Pattern.compile(
          "([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\\d{1,5}))?");

  private final String plcUrl;

  DidDocumentLocator(URI plcUrl) {
    String text = plcUrl.toString();
    this.plcUrl = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  URI locate(String did) throws DidResolutionException {
    if (!Did.isValid(did)) {
      throw new DidResolutionException(did, Reason.INVALID_DID, "not a DID");
    }
    if (did.startsWith(PLC_PREFIX)) {
      return URI.create(plcUrl + "/" + URLEncoder.encode(did, StandardCharsets.UTF_8));
    }
    if (did.startsWith(WEB_PREFIX)) {
      return didWebUrl(did);
    }
    throw new DidResolutionException(
        did, Reason.UNSUPPORTED, "unsupported DID method (only did:plc and did:web)");
  }

  private static URI didWebUrl(String did) throws DidResolutionException {
    String encodedHost = did.substring(WEB_PREFIX.length());
    if (encodedHost.contains(":")) {
      throw new DidResolutionException(
          did, Reason.UNSUPPORTED, "path-based did:web is not supported by atproto");
    }
    // Ports are written percent-encoded: did:web:localhost%3A2583.
    String hostAndPort;
    try {
      hostAndPort = URLDecoder.decode(encodedHost, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new DidResolutionException(did, Reason.INVALID_DID, "bad percent-encoding in did:web");
    }
    Matcher matcher = HOST_AND_PORT.matcher(hostAndPort);
    if (!matcher.matches()) {
      throw new DidResolutionException(
          did, Reason.INVALID_DID, "did:web host is not a hostname: " + hostAndPort);
    }
    boolean localhost = matcher.group(1).equals("localhost");
    if (matcher.group(6) != null && !localhost) {
      throw new DidResolutionException(
          did, Reason.UNSUPPORTED, "did:web with a port is only supported for localhost");
    }
    String scheme = localhost ? "http" : "https";
    return URI.create(scheme + "://" + hostAndPort + "/.well-known/did.json");
  }
}
