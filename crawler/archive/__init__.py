"""What is kept: the storage interface and its SQL backends, the raw pages behind every record,
the near-duplicate index."""
