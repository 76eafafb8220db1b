"""dondoc: extract the tasks assigned in Vietnamese directive documents and track them.

The extraction core (``dondoc.pipeline``) is pure Python and imports no web framework:

    >>> from dondoc.pipeline import extract_path
    >>> result = extract_path("thong-bao.docx")      # doctest: +SKIP
    >>> result.to_contract()["tasks"][0]["lead"]      # doctest: +SKIP
"""

__version__ = "0.1.0"
