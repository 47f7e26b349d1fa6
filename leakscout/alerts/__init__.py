"""Alerts: rules decide which listing × brand pairs alert; alerters deliver them (email for now)."""
