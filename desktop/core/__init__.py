"""Everything that is not drawing widgets. Nothing in this package may import Qt."""
