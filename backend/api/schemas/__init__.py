"""Request and response models of the bot's API, one module per resource."""
