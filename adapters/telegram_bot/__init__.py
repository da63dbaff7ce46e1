"""The Telegram bot: associations register in Arabic (or English) in a chat; notify's bot channel
sends through its outgoing API."""
