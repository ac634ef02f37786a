"""SmallCS: complaint tracking and QR customer surveys for small shops."""

from smallcs import pg_driver

pg_driver.import_peewee()  # before any of our modules imports peewee: see pg_driver

__version__ = "0.1.0"
