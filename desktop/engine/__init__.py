"""The computations of SPEC.md §4–6, vectorised over whole trees and fact tables.

Pure functions over numpy arrays: no Qt, no database session.
"""
