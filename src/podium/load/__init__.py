"""Load a deck: located YAML, then the typed, validated model and a map of locations."""
