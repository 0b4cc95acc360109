"""Normalisation: header texts to fields, cell pieces to clean text, categories."""
