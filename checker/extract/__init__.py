"""Claims extraction: a Document in, one DataFrame row per numeric claim out."""
