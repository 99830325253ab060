"""The store behind HTTP: ``newslineage serve`` (see ``app``)."""
