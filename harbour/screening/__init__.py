"""Harbour's screening engine: plain Python, never imports Django.

    from harbour.screening import screen, Context
    verdict = screen("text", Context(direction="incoming", author="bsky:did:plc:abc"))
"""

from harbour.screening.verdict import Action, Category, Context, Direction, Finding, Verdict

__all__ = ["Action", "Category", "Context", "Direction", "Finding", "Verdict", "screen"]


def screen(text: str, context: Context | None = None) -> Verdict:
    """Screen one text with the default engine (built once, on first use)."""
    from harbour.screening.engine import default_engine

    return default_engine().screen(text, context)
