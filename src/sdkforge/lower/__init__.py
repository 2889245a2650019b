"""Lowering: IR plus names to a typed description of each model, params and resource module and of
the client mixins (`nodes.Module`).

Between naming and emit: `models`, `params`, `resources` (with `methods`) and `client` decide what
a module holds, `types` maps schemas to type trees whose `Symbol` leaves name everything outside
the module, `source` parses a config's annotation text into such a tree, and `printer` writes the
text with the imports of exactly the symbols it prints. Nothing here touches the filesystem.
"""
