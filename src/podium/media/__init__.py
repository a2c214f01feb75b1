"""Formulas and vector figures: checked, converted and rasterised for both renderers."""
