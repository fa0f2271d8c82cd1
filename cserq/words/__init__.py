"""The app's own words: what each level means and what to do next, and conditions and rules
said in plain English and Welsh."""
