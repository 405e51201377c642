package dev.stratus.server.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Which hosts the fetcher may connect to. A DID document can name any host as its PDS, so by
 * default only public addresses are allowed, checked after DNS resolution: never loopback,
 * private, link-local, shared (CGNAT), multicast or unspecified ones, in IPv4 or IPv6 (mapped
 * IPv4 included). Tests and private networks may allow named {@code host:port}s besides.
 */
public final class AddressPolicy {
  private final Set<String> alsoAllowed;

  private AddressPolicy(Set<String> alsoAllowed) {
    this.alsoAllowed = Set.copyOf(alsoAllowed);
  }

  /** Public addresses only: the production setting. */
  public static AddressPolicy publicOnly() {
    return new AddressPolicy(Set.of());
  }

  /** Public addresses, and these {@code host:port}s whatever they resolve to (tests, private networks). */
  public static AddressPolicy publicAnd(Set<String> hostsAndPorts) {
    return new AddressPolicy(hostsAndPorts);
  }

  /** Returns when {@code uri} may be fetched; throws {@link FetchException} naming why not. */
  void check(URI uri) throws FetchException {
    String scheme = uri.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new FetchException(FetchException.Kind.REFUSED_ADDRESS, "only http(s) is fetched, not " + uri);
    }
    String host = uri.getHost();
    if (host == null) {
      throw new FetchException(FetchException.Kind.REFUSED_ADDRESS, uri + " names no host");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    if (alsoAllowed.contains(host + ":" + port)) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new FetchException(FetchException.Kind.UNREACHABLE, host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new FetchException(FetchException.Kind.REFUSED_ADDRESS,
            host + " resolves to " + address.getHostAddress() + ", which is not a public address");
      }
    }
  }

  /** Whether an address is one of the public internet's. */
  static boolean isPublic(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      if (isMappedIpv4(b)) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      // fc00::/7 unique local; 2001:db8::/32 documentation; 64:ff9b:1::/48 local-use NAT64.
      if ((b[0] & 0xfe) == 0xfc || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8)) {
        return false;
      }
    }
    if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    if (address instanceof Inet4Address v4) {
      byte[] b = v4.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0 // "this network"
          && !(first == 100 && second >= 64 && second <= 127) // shared address space (CGNAT)
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          && !(first == 198 && (second == 18 || second == 19)) // benchmarking
          && first < 240; // reserved and broadcast
    }
    return true;
  }

  private static boolean isMappedIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
