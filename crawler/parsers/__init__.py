"""Per-outlet article parsers: one file per outlet, one class per template (markup generation)."""
