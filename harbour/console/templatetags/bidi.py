"""Isolating text that people or the internet typed, where markup cannot do it.

In page content, wrap such text in <bdi> (inline) or give its block dir="auto": a right-to-left override
inside a name or a comment then cannot reorder the words around it. A <title> or an attribute cannot
hold markup, so there `{{ value|isolate }}` brackets the text with the Unicode isolate controls (FIRST
STRONG ISOLATE ... POP DIRECTIONAL ISOLATE), which the bidirectional algorithm treats as it treats <bdi>.
The function itself is harbour/lib/bidi.py's, which messages, errors and e-mails use too.
"""

from django import template

from harbour.lib.bidi import isolate

register = template.Library()
register.filter("isolate", isolate)
