"""Application services: use cases that join the store and the engines (no Qt).

The CLI and the document call these; each opens what it needs from a Workspace, runs the
engine and, where the use case writes, saves in one transaction.
"""
