"""This PC's addresses on the shop network, for the survey address printed on cards,
and whether phones scanning a card can reach the address it carries.

The primary address takes a socket; listing every interface takes QtNetwork, which
loads only when that list is asked for (the Survey server tab, once shown).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

from smallcs.i18n import _

LOOPBACK = "127.0.0.1"
# Any private address will do: connecting a UDP socket sends nothing, it only
# makes the system pick the interface (and so the address) it would route through.
_PROBE = ("10.255.255.255", 9)


def primary_address() -> str:
    """The IPv4 address other devices on the network most likely reach this PC at.

    Falls back to 127.0.0.1 when the PC has no network at all.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(_PROBE)
        address = str(probe.getsockname()[0])
    except OSError:
        return LOOPBACK
    finally:
        probe.close()
    return LOOPBACK if address.startswith("0.") else address


def candidate_addresses() -> list[str]:
    """Every IPv4 address of an interface that is up (not loopback), the primary one first."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    wanted = QNetworkInterface.InterfaceFlag.IsUp | QNetworkInterface.InterfaceFlag.IsRunning
    found: list[str] = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if (flags & wanted) != wanted or flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            address = entry.ip()
            if address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                found.append(address.toString())
    primary = primary_address()
    ordered = [primary] if primary != LOOPBACK else []
    return ordered + [a for a in dict.fromkeys(found) if a not in ordered]


def base_url(address: str, port: int) -> str:
    """The survey base URL for a server at ``address``:``port`` (``http://192.168.1.20:8765``)."""
    return f"http://{address}:{port}"


def address_host(url: str) -> str:
    """The host name or IP address of a survey address, lower case ("" when there is none)."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:  # e.g. an unclosed [ of an IPv6 address
        return ""


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """Whether ``host`` names the device itself: on a phone, the phone, never this PC."""
    ip = _ip(host)
    if ip is not None:
        return ip.is_loopback or ip.is_unspecified
    return host == "localhost" or host.endswith(".localhost")


def card_address_warning(card_address: str, *, this_pc: Sequence[str], server_only_here: bool) -> str:
    """Why phones scanning the cards will not reach the survey server running on this PC ("" when they will).

    Only what can be told for sure is reported: a loopback address, a private address
    that is not one of this PC's, or this PC's address while the server answers this
    PC only. A host name, or a public address, may be a survey server on the internet
    (docs/deploy.md), which is a supported set-up: no warning.

    Args:
        card_address: the survey card URL setting (the survey base URL).
        this_pc: this PC's network addresses, the one phones most likely reach first.
        server_only_here: the server listens on 127.0.0.1 ("this PC only").
    """
    host = address_host(card_address)
    if not host:
        return ""
    if is_loopback(host):
        return _("Cards point to {host}, which on a phone is the phone itself: phones will not reach this"
                 " server. Choose this PC's network address, then press “Use for new cards”.").format(host=host)
    ip = _ip(host)
    if ip is None or not (ip.is_private or ip.is_link_local):
        return ""
    if host not in this_pc:
        here = " / ".join(this_pc) if this_pc else LOOPBACK
        return _("Cards point to {card} but this PC is {here}: phones will not reach this server. Printed"
                 " cards would not work; press “Use for new cards” to point new cards here.").format(
                     card=host, here=here)
    if server_only_here:
        return _("Cards point to {host}, but the server answers this PC only: phones will not reach it."
                 " Stop it, choose {host} as the address phones use, and start it again.").format(host=host)
    return ""
