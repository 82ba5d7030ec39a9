"""Accounts views, one module per area: signing in, passwords, invitations, team, profile, conduct, training."""
