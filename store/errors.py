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


class StorageUnavailable(StoreError):
    """The database refused a read or a write at run time: busy past the timeout, a full
    disk, an I/O error, a read-only file. Nothing of that unit of work was stored."""


class ServerUnreachable(StorageUnavailable):
    """The database server is down or went away: nothing was stored, and reading again
    works once it is back."""


class WriteConflict(StoreError):
    """Another cop saved a clashing change at the same moment (the same member added twice,
    say): the database refused the second, and nothing of it was stored."""
