"""The staff roles: the names of the permission groups the migrations make."""

EDITOR = "Redaktör"
MODERATOR = "Moderator"
