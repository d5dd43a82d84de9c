package io.secretledger.command.integration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a destination's host; a service so that fixture tests decide what a name resolves to. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver, whose cache the HTTP client that makes the call reads too. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
