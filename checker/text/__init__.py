"""Text preparation: a normalised view with offsets back to the original, and segments."""
