"""Rendering results for people and machines; nothing here computes a finding."""
