"""The survey server customers' phones talk to (Flask on waitress); see ``app.create_app``.

Nothing is imported here so that importing the package stays cheap: Flask and
waitress load only when a server starts.
"""
