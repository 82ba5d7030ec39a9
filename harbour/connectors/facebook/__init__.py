"""Facebook Pages: comments, visitor posts and Messenger in; posts with images out (docs/connectors.md)."""
