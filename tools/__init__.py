"""Development tools: run from a checkout, never installed with the app."""
