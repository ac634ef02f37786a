"""This PC's addresses on the shop network, for the survey address printed on cards.

The primary address takes a socket; listing every interface takes QtNetwork, which
loads only when that list is asked for (the Survey server tab, once shown).
"""

from __future__ import annotations

import socket

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
