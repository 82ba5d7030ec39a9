"""Instagram (the Instagram API with Facebook Login, graph.facebook.com) through the shared Graph client in
harbour/connectors/meta/graph.py: comments, mentions and direct messages in; hide, unhide, delete and
reply; image and carousel posts out."""
