"""Job descriptions: skill and requirement extraction (offline engine)."""

from tools.jd.requirements import Requirements, extract_requirements

__all__ = ["Requirements", "extract_requirements"]
