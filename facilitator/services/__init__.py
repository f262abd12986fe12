"""Services: the only code that reads and writes the store; they return plain dataclasses."""
