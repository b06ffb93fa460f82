"""The MkDocs integration: the plugin, the atomic build, the live preview and the local site server."""
