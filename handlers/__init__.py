"""The Telegram side: the application wiring (app), handlers that parse, call one engine function, render."""
