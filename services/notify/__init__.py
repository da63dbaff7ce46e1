"""Notify service: Arabic-first notifications on platform events (email, SMS, bot, webhooks)."""
