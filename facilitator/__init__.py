"""Domain logic of cop: services, the command line and the Textual app."""

__version__ = "0.1.0"
