"""The ground floor: text tidying, dates, the languages the app speaks, where its data lives.

Imports nothing else of cserq."""
