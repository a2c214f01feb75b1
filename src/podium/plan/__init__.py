"""Plan a deck: everything decided before rendering (runs, numbering, layout, geometry, fit)."""
