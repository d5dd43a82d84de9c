package io.secretledger.command.integration;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.integration.EgressRule;
import io.secretledger.command.common.DomainException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Whether a call may go to a destination: its scheme, host and port must match a rule of the workspace's egress
 * allowlist, and every address the host resolves to must be public unless that rule allows private ones, so that
 * an allowed name that points inside the network (or is made to) is still refused.
 */
public final class EgressPolicy {

    private EgressPolicy() {
    }

    /** A destination that passed: what the events record and the addresses the call must reach. */
    public record Destination(String scheme, String host, int port, String path, List<InetAddress> addresses) {

        /** Scheme, host, port and path: never the query, which is the caller's and may carry anything. */
        public String recorded() {
            return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
        }
    }

    /** The destination of a URL, without deciding anything: what a refusal records. */
    public static String describe(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (Exception e) {
            return "(not a URL)";
        }
    }

    public static Destination check(String url, List<EgressRule> rules, HostResolver resolver) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (java.net.URISyntaxException e) {
            throw DomainException.invalid("url", "Not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw DomainException.invalid("url", "An absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw DomainException.invalid("url", "Credentials in the URL are not taken; put them in a header");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String matchHost = host;
        EgressRule rule = rules.stream().filter(r -> r.scheme().equals(scheme) && r.host().equals(matchHost)
                && r.port() == port).findFirst().orElseThrow(() -> denied(
                "This workspace's egress allowlist has no " + scheme + "://" + matchHost + ":" + port));
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw DomainException.invalid("url", "The host does not resolve");
        }
        if (addresses.isEmpty()) {
            throw DomainException.invalid("url", "The host does not resolve");
        }
        if (!rule.privateAddresses() && addresses.stream().anyMatch(EgressPolicy::isInternal)) {
            throw denied("The host resolves to a loopback, link-local or private address, which this "
                    + "destination's rule does not allow");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new Destination(scheme, host, port, path, List.copyOf(addresses));
    }

    /** Loopback, link-local, private (RFC 1918, unique local, shared 100.64/10), unspecified or multicast. */
    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0
                    && (bytes[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static DomainException denied(String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.EGRESS_DENIED, "url", message));
    }
}
