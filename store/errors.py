"""Errors the store raises; each message names the problem in words a facilitator understands."""


class StoreError(Exception):
    """A database problem the user can act on (wrong file, no permission, newer schema)."""


class NotADatabase(StoreError):
    pass


class DatabaseNotWritable(StoreError):
    pass


class DatabaseCorrupted(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass
