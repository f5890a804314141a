"""Development and benchmark tools, which production settings do not install (DEVTOOLS)."""
