"""Storage: the search store seam, index administration, the spool and crawl job state."""
