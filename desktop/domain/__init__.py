"""The domain of SPEC.md §3 in plain Python: entities, invariants, ids and change events.

Nothing here imports Qt, SQLAlchemy or pandas; the store, the engines and the UI all
speak these types.
"""
