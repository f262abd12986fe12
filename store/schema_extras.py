"""Schema objects cop keeps in SQL of its own, beside the models: the library's search index
(revisions 0006 and 0016, store.search_index) and the members' rotation standing (revision
0017, store.rotation_standing). Comparisons of the database with the models leave them out.
"""

from __future__ import annotations

from store.rotation_standing import is_standing_object
from store.search_index import is_search_object


def outside_models(name, _type, _parent) -> bool:
    """Alembic's include_name hook: compare everything but those objects."""
    return not (is_search_object(name) or is_standing_object(name))
