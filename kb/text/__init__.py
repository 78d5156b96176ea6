"""Text: the tokenizer and stemmer, phrase matching, spans by position, dates in text. Pure functions on strings: no file, no concept, no document."""
