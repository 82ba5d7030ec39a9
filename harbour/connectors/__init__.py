"""Platform connectors: one small interface (base.py), one folder per platform, one registry."""
