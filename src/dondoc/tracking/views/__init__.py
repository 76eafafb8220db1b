"""Server-rendered views: thin shells over ``dondoc.tracking.services``."""
