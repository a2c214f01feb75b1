"""PowerPoint templates: read one safely, choose its layouts, read its look into a Theme."""
