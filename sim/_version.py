"""The package version, on its own so that importing a room does not import the package."""

__version__ = "0.2.0"
