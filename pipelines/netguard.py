"""SSRF guard: decide whether the fetcher may connect to a URL's host.

Feeds and sitemaps are third-party input, so a link (or a redirect it leads to)
can point at ``http://169.254.169.254/`` or an intranet host. Checking only the
first URL is not enough: every redirect hop is checked again, and the check is
made on the *resolved* addresses (a public-looking name can resolve to 10.0.0.1).
:class:`GuardedBackend` repeats the check at socket-connect time and connects to
the very address it checked, so DNS rebinding between check and connect cannot
slip through.

Hosts or CIDR ranges in ``FetchSettings.allow_hosts`` bypass the guard (the
tests allow-list ``127.0.0.1`` and ``localhost`` to reach their loopback server).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

ALLOWED_SCHEMES = frozenset({"http", "https"})

# Cloud metadata endpoints. Most are link-local or CGNAT already, but naming them
# gives a clearer reason in the error table and covers the IPv6 variants.
_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS IPv6
    )
)
_METADATA_HOSTNAMES = frozenset({"metadata.google.internal", "metadata", "instance-data"})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class BlockedURLError(Exception):
    """A URL the fetcher must not contact; ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]+@")


def redact_credentials(text: str) -> str:
    """``scheme://user:password@host`` → ``scheme://***@host`` anywhere in ``text``.

    Credentialed URLs are refused, but the refusal itself (an error row, a log line, an
    exception message) would otherwise repeat the secret it refused to use.
    """
    return _USERINFO.sub(r"\1***@", text) if "@" in text else text


def blocked_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address, or ``None`` if it is fine to contact."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        # ::ffff:10.0.0.1 reaches 10.0.0.1 on dual-stack sockets.
        return blocked_reason(ip.ipv4_mapped)
    if ip in _METADATA_ADDRESSES:
        return "cloud_metadata_address"
    if ip.is_loopback:
        return "loopback_address"
    if ip.is_link_local:
        return "link_local_address"
    if ip.is_multicast:
        return "multicast_address"
    if ip.is_unspecified:
        return "unspecified_address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "cgnat_address"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return "private_address"
    return None


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class NetGuard:
    """Checks URLs and resolved addresses against the SSRF policy.

    ``resolver`` is injectable so tests can simulate a hostname resolving to a
    private address without touching real DNS.
    """

    def __init__(self, allow_hosts: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self._allow_names: set[str] = set()
        self._allow_nets: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in allow_hosts:
            entry = entry.strip().lower()
            if not entry:
                continue
            try:
                self._allow_nets.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self._allow_names.add(entry.rstrip("."))
        self._resolve = resolver or _system_resolver

    def host_allowlisted(self, host: str) -> bool:
        """True when ``host`` (a name or an address literal) is exempt from the guard."""
        host = host.strip("[]").lower().rstrip(".")
        if host in self._allow_names:
            return True
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return False
        return self.address_allowlisted(ip)

    def address_allowlisted(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self._allow_nets)

    def check_url(self, url: str) -> None:
        """Raise :class:`BlockedURLError` unless ``url`` may be fetched.

        Checks scheme, embedded credentials, and every address the host resolves to.
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise BlockedURLError("unsafe_scheme", f"scheme {scheme or '(none)'!r} is not http(s)")
        if parts.username is not None or parts.password is not None:
            raise BlockedURLError("credentialed_url", "URLs with user:password@ are refused")
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            raise BlockedURLError("missing_host", f"no host in {url!r}")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as exc:
            raise BlockedURLError("invalid_port", str(exc)) from exc
        self.check_host(host, port)

    def check_host(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` and return its addresses, raising if any of them is refused.

        All resolved addresses must pass: a client may pick any of them.
        """
        host = host.strip("[]").lower().rstrip(".")
        if self.host_allowlisted(host):
            return [host]
        if host in _METADATA_HOSTNAMES:
            raise BlockedURLError("cloud_metadata_address", f"{host} is a metadata endpoint")
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [str(literal)]
        else:
            try:
                addresses = self._resolve(host, port)
            except (OSError, UnicodeError) as exc:
                raise BlockedURLError("dns_error", f"{host}: {exc}") from exc
            if not addresses:
                raise BlockedURLError("dns_error", f"{host} resolved to no address")
        for addr in addresses:
            ip = ipaddress.ip_address(addr.split("%", 1)[0])
            if self.address_allowlisted(ip):
                continue
            reason = blocked_reason(ip)
            if reason is not None:
                raise BlockedURLError(reason, f"{host} resolves to {ip}")
        return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore network backend that connects only to addresses the guard approved.

    The host is resolved once, every address checked, and the socket opened to
    the checked address itself; TLS still uses the original hostname for SNI and
    certificate checks because httpcore passes it separately to ``start_tls``.
    """

    def __init__(self, guard: NetGuard, inner: httpcore.NetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        if self._guard.host_allowlisted(host):
            return self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = self._guard.check_host(host, port)
        except BlockedURLError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        last: Exception | None = None
        for addr in addresses:
            try:
                return self._inner.connect_tcp(addr, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise httpcore.ConnectError(f"could not connect to {host}: {last}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed by the SSRF guard")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
