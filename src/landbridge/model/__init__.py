"""Typed, immutable domain objects: places, links, modes, cargo, operations, rates."""
