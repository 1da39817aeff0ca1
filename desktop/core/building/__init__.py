"""Building interview sets and loops from the bank.

The builder works on a pool of plain question records (no ORM objects), so it is fast and
easy to test; `pool_for` loads (and caches) the pool from a Session. Rules, in order:

1. pinned questions are always in; excluded ones (and a candidate's earlier ones) never are;
2. the required behavioral questions come first;
3. the difficulty mix is met exactly while the bank allows it (largest-remainder rounding);
4. each slot goes to the topic furthest behind its share of the role's (or focus) weights;
5. among equally good questions (difficulties and topics owed as much as each other), the
   least often and least recently asked win, then a seeded shuffle, so the same inputs and
   seed give the same set; the rarest competency chooses first, and an ordinary slot leaves
   a rare competency's questions for the sets that must assess it;
6. when asked (from a `History` of our interviews, computed by desktop.core.insight.advice):
   questions over an exposure cap rest, and questions with more signal come first.

When a rule cannot be met the builder still fills every slot with the closest questions and
reports each `Shortfall` (what, wanted, got, why).
"""


import importlib

# Loaded on first use (PEP 562), so a module that needs only the plain builder (requests, picker,
# loops) runs without the database layer: the pool's loading and the service use SQLAlchemy.
# Looked up in this order; the plain modules first.
_MODULES = ("requests", "role_pool", "picker", "loops", "pool", "service")
_SUBMODULES = frozenset((*_MODULES, "balance", "pool_file", "sets"))


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if not name.startswith("_"):
        for module in _MODULES:
            found = getattr(importlib.import_module(f"{__name__}.{module}"), name, __getattr__)
            if found is not __getattr__:
                globals()[name] = found
                return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
