"""Package version; its major.minor must match the loaded libyjpi's."""
__version__ = "0.1.0"
