"""Services: the only API the UI and the command line call. Layer: services."""
