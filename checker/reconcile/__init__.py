"""Cross-document reconciliation: indicator timelines, targets, figures that disagree.

Pure functions over the claims DataFrame of the whole corpus plus document metadata.
Claims are keyed (:mod:`keys`) and grouped by hashed keys — never compared all against
all — so adding a document costs work proportional to its own claims.
"""
