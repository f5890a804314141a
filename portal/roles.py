"""The staff roles, as Django groups: their names are defined here once.

"Redaktör" (editor) edits the directory, the meetings, the ideas and their trails; "Moderator"
moderates comments. The groups and their permissions were made by data migrations
(meetings 0002, ideas 0003 and 0006, directory 0003, pages 0002), which keep their own copies of
the names as history must.
"""

EDITOR = "Redaktör"
MODERATOR = "Moderator"
