package io.deepunlearn.pipeline.callback;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What a callback URL may be. Checked at intake (the request is refused with the reason) and again before every
 * call (the host is resolved then, so a name that later points at an internal address is refused too):
 * <ul>
 *   <li>absolute {@code http} or {@code https} (only https with {@code require-https}), a host, at most 2048
 *       characters, no fragment;</li>
 *   <li>no user info ({@code https://user:pass@host}): credentials in a URL end up in logs and records;</li>
 *   <li>SSRF: unless {@code allow-private-networks}, no loopback, private (RFC 1918 / ULA), link-local (cloud
 *       metadata at 169.254.169.254), any-local or multicast address; and, when {@code allowed-hosts} is set, only
 *       those hosts. Redirects are never followed. A DNS answer can still change between this check and the
 *       connection (rebinding): deployments that need a hard guarantee route callbacks through an egress proxy.</li>
 * </ul>
 */
public final class CallbackUrls {

    public static final int MAX_LENGTH = 2048;

    private CallbackUrls() {
    }

    /** The URL if acceptable by its form and policy (no DNS lookup); else {@link IllegalArgumentException}. */
    public static URI check(String url, CallbackSettings policy) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("callbackUrl is empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("callbackUrl is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("callbackUrl is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !policy.requireHttps())) {
            throw new IllegalArgumentException("callbackUrl must be " + (policy.requireHttps() ? "https" : "http or https"));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("callbackUrl must not carry credentials (user info)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("callbackUrl has no host");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("callbackUrl must not have a fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!policy.allowedHosts().isEmpty() && policy.allowedHosts().stream().noneMatch(h -> matches(host, h))) {
            throw new IllegalArgumentException("callbackUrl host " + host + " is not in deepunlearn.callbacks.allowed-hosts");
        }
        if (!policy.allowPrivateNetworks()) {
            if (host.equals("localhost") || host.endsWith(".localhost")) {
                throw new IllegalArgumentException("callbackUrl points at this host (localhost)");
            }
            if (isLiteralAddress(host)) {
                refuseInternal(host, literal(host));
            }
        }
        return uri;
    }

    /** {@link #check} plus, unless private networks are allowed, every address the host resolves to now. */
    public static URI checkResolved(String url, CallbackSettings policy) {
        URI uri = check(url, policy);
        if (!policy.allowPrivateNetworks()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                    refuseInternal(uri.getHost(), a);
                }
            } catch (UnknownHostException e) {
                throw new IllegalStateException("cannot resolve callback host " + uri.getHost());
            }
        }
        return uri;
    }

    private static boolean matches(String host, String allowed) {
        String a = allowed.toLowerCase(Locale.ROOT);
        return a.startsWith(".") ? host.endsWith(a) : host.equals(a);
    }

    private static boolean isLiteralAddress(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+") || host.contains(":");
    }

    private static InetAddress literal(String host) {
        try {
            // a literal address is parsed, never looked up
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("callbackUrl host " + host + " is not a valid address");
        }
    }

    private static void refuseInternal(String host, InetAddress a) {
        boolean uniqueLocal = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocal) {
            throw new IllegalArgumentException("callbackUrl host " + host + " is an internal address ("
                    + a.getHostAddress() + "); set deepunlearn.callbacks.allow-private-networks to allow it");
        }
    }
}
