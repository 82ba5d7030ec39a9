"""Harbour: safeguarding-first social media console. `import harbour` pulls in no Django."""
