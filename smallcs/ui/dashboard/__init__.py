"""The Dashboard page: headline figures, complaint patterns, survey answers and goals."""

from smallcs.ui.dashboard.page import DashboardPage

__all__ = ["DashboardPage"]
