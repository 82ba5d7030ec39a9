"""CSV and JSON imports of comments and messages exported from a platform or typed up by staff."""
