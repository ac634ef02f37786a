"""SmallCS: complaint tracking and QR customer surveys for small shops."""

__version__ = "0.1.0"
