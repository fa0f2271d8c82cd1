"""The core: a questionnaire's model, how it is loaded and built from a file and checked, its
conditions and rules, its worked examples, its own Welsh, and the outcome the rules give for a
set of answers. Free of Flask and of the PDF."""
