"""The Qt layer: views, item models over the core, and signals. Only this package imports Qt."""
