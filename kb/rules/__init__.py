"""Rules: loaders of the data that steer reading: the language rules (`lang/*.yml`), the vocabulary, and the YAML loader that keeps file and line on every value."""
