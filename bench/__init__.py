"""`make bench`: Harbour's screening measured against its peers, in the same run, on the same messages.

python -m bench [--datasets PATH] [--messages N] ...   (see bench/README.md)
"""
