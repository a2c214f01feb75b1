"""Renderers: draw a DeckPlan as a PowerPoint file or an HTML deck."""
