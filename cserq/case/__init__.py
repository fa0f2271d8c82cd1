"""One child's case while it is open: what the practitioner entered about the child, the
decision they recorded, and the memory-only store that holds open cases."""
