"""Blueprints, one per domain."""
