"""The pure core of the calculators: plain dicts and parameters in, plain dicts out.

Standard library only; no file, network, clock or print. The same bytes run in CPython and in
Pyodide. The parameters (the plan's numbers and words, from policy/) are always an argument;
loading them is the business of the thin layer around this package (calculators.params).
"""
