"""Evidence-based screening of a parsed candidate profile against a vacancy's criteria.

``facts`` turns a profile into candidate facts once (the expensive part: it reads the CV's
roles); ``engine.assess`` scores facts against criteria (cheap, so rescoring never needs the
CV again); ``prose`` lets a configured model rewrite the verdict without touching the facts.
The score formula is documented in docs/screening.md.
"""
