"""CSERQ: offline decision support for practitioners worried that a child is sexually exploited."""
