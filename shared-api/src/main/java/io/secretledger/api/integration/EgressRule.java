package io.secretledger.api.integration;

/**
 * One destination the workspace lets integrations call with its secrets.
 *
 * @param scheme           https, or http where the workspace says so explicitly
 * @param host             a host name or an IP literal, matched exactly (case-insensitive)
 * @param port             the port, 1 to 65535
 * @param privateAddresses the host may resolve to a loopback, link-local or private address; off by default, so
 *                         that a name pointing inside the network is refused (server-side request forgery)
 */
public record EgressRule(String scheme, String host, int port, boolean privateAddresses) {
}
