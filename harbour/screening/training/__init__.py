"""Scripts that rebuild the shipped model files from the shared datasets (`make train`)."""
