"""Unit names: the lexicon of unit nouns and abbreviations, and the scanner that finds unit mentions.

It sits below both ``structure`` and ``extract``: structure reads the issuer's name with it, extract
the leads and supports. It uses only the language data and text utilities.
"""
