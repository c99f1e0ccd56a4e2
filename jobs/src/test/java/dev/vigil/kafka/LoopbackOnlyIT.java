package dev.vigil.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker (demo and tests) has no authentication, so it must listen on loopback only:
 * every listening socket of its broker and controller ports, as the kernel lists them in {@code
 * /proc/net/tcp} and {@code /proc/net/tcp6} (Linux; format in the kernel's
 * Documentation/networking/proc_net_tcp.rst), is bound to a loopback address, and a connection to
 * one of this machine's other addresses is refused.
 */
class LoopbackOnlyIT {
  private static final String LISTEN = "0A";

  @Test
  void everyListenerOfTheSingleNodeIsBoundToLoopback() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleNode()) {
      assertLoopbackOnly(kafka, "single node");
    }
  }

  @Test
  void everyListenerOfThreeBrokersAndTheirControllerIsBoundToLoopback() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
    try (EmbeddedKafka kafka = EmbeddedKafka.startThreeBrokers()) {
      assertLoopbackOnly(kafka, "three brokers");
    }
  }

  private static void assertLoopbackOnly(EmbeddedKafka kafka, String what) throws Exception {
    Set<Integer> ports = new TreeSet<>();
    ports.addAll(ports(kafka.bootstrapServers()));
    ports.addAll(ports(kafka.bootstrapControllers()));

    List<Listening> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      listening.addAll(listening(Path.of(table), ports));
    }

    System.out.println(
        "LoopbackOnlyIT ("
            + what
            + "): ports "
            + ports
            + ", listening sockets in the kernel: "
            + listening);
    // Every port has a listening socket in the table (else nothing was checked) ...
    assertThat(listening.stream().map(Listening::port).distinct()).hasSize(ports.size());
    // ... and every one of them is on loopback, none on the wildcard address.
    assertThat(listening).allSatisfy(l -> assertThat(l.address().isLoopbackAddress()).isTrue());

    int brokerPort = ports(kafka.bootstrapServers()).get(0);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), brokerPort)) {
      assertThat(s.isConnected()).isTrue();
    }
    Optional<InetAddress> other = nonLoopbackAddress();
    if (other.isPresent()) {
      assertThatThrownBy(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress(other.get(), brokerPort), 5_000);
                }
              })
          .isInstanceOf(ConnectException.class);
      System.out.println(
          "LoopbackOnlyIT ("
              + what
              + "): a connection to "
              + other.get()
              + ":"
              + brokerPort
              + " is refused");
    }
  }

  record Listening(InetAddress address, int port) {
    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  private static List<Integer> ports(String hostPorts) {
    List<Integer> out = new ArrayList<>();
    for (String hp : hostPorts.split(",")) {
      out.add(Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1)));
    }
    return out;
  }

  /** The LISTEN entries of a /proc/net/tcp(6) table on the given ports. */
  private static List<Listening> listening(Path table, Set<Integer> ports) throws IOException {
    List<Listening> out = new ArrayList<>();
    if (!Files.isReadable(table)) {
      return out;
    }
    for (String line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
      String[] f = line.strip().split("\\s+");
      String[] local = f[1].split(":");
      int port = Integer.parseInt(local[1], 16);
      if (f[3].equals(LISTEN) && ports.contains(port)) {
        out.add(new Listening(address(local[0]), port));
      }
    }
    return out;
  }

  /** The kernel prints an address as 32-bit words in host byte order (little-endian here). */
  private static InetAddress address(String hex) throws IOException {
    byte[] raw = HexFormat.of().parseHex(hex);
    byte[] bytes = new byte[raw.length];
    for (int w = 0; w < raw.length; w += 4) {
      for (int i = 0; i < 4; i++) {
        bytes[w + i] = raw[w + 3 - i];
      }
    }
    return InetAddress.getByAddress(bytes);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : nic.inetAddresses().toList()) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
