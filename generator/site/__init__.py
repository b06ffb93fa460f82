"""The MkDocs integration: the plugin, the atomic and incremental build, `banshi serve` and the local site server."""
