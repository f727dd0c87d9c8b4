package dev.dmig.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The local addresses the kernel says a TCP port is listening on, read from Linux's /proc/net/tcp and tcp6. */
final class ListeningSockets {
    static final Path IPV4 = Path.of("/proc/net/tcp");
    static final Path IPV6 = Path.of("/proc/net/tcp6");
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static boolean readable() {
        return Files.isReadable(IPV4);
    }

    static Set<InetAddress> listeningOn(int port) throws IOException {
        Set<InetAddress> addresses = new HashSet<>();
        for (Path table : List.of(IPV4, IPV6)) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] fields = line.trim().split("\\s+");
                // Columns: sl local_address rem_address st ...; the first line is the header.
                if (fields.length < 4 || !fields[1].contains(":") || !fields[3].equals(LISTEN)) {
                    continue;
                }
                String[] hostAndPort = fields[1].split(":");
                if (Integer.parseInt(hostAndPort[1], 16) == port) {
                    addresses.add(decode(hostAndPort[0]));
                }
            }
        }
        return addresses;
    }

    /** The kernel prints each 32-bit word of the address in host byte order. */
    private static InetAddress decode(String hex) throws IOException {
        ByteBuffer address = ByteBuffer.allocate(hex.length() / 2);
        for (int word = 0; word < hex.length(); word += 8) {
            int value = (int) Long.parseLong(hex.substring(word, word + 8), 16);
            address.putInt(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(value) : value);
        }
        return InetAddress.getByAddress(address.array());
    }
}
