package dev.vigil.cases;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The network prefix a source address belongs to, in CIDR text: the /24 of an IPv4 address, the /48
 * of an IPv6 address (the usual allocation to one site, RFC 6177 section 1). The same prefixes the
 * risk model's network evidence uses ({@code Hashing.ipPrefix}), as text for people.
 */
public final class NetworkPrefix {
  private NetworkPrefix() {}

  /**
   * @param ip a canonical IPv4 dotted quad or IPv6 text (as {@code AccessEvent.sourceIp} carries)
   * @return e.g. {@code 203.0.113.0/24} or {@code 2001:db8:1::/48}; null for null, empty or text
   *     that is not an IP address literal (never a DNS lookup)
   */
  public static String of(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    if (ip.indexOf(':') < 0) {
      return ipv4(ip);
    }
    for (int i = 0; i < ip.length(); i++) {
      char ch = ip.charAt(i);
      if (!(ch == ':' || ch == '.' || Character.digit(ch, 16) >= 0)) {
        return null; // not a literal: InetAddress would look it up in DNS
      }
    }
    try {
      // Only hex digits, ':' and '.': as an IPv6 literal by InetAddress, never looked up.
      byte[] b = InetAddress.getByName(ip).getAddress();
      if (b.length != 16) {
        return ipv4(InetAddress.getByAddress(b).getHostAddress());
      }
      return String.format(
          "%x:%x:%x::/48",
          ((b[0] & 0xff) << 8) | (b[1] & 0xff),
          ((b[2] & 0xff) << 8) | (b[3] & 0xff),
          ((b[4] & 0xff) << 8) | (b[5] & 0xff));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String ipv4(String ip) {
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      if (Integer.parseInt(p) > 255) {
        return null;
      }
    }
    return parts[0] + "." + parts[1] + "." + parts[2] + ".0/24";
  }
}
