"""Request and response plumbing: middleware, htmx helpers, context processors, URL converters."""
