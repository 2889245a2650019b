"""Lowering: IR plus names to a typed description of each model and params module (`nodes.Module`).

Between naming and emit: `models` and `params` decide what a module holds, `types` maps schemas
to type trees whose `Symbol` leaves name everything outside the module, and `printer` writes the
text with the imports of exactly the symbols it prints. Nothing here touches the filesystem.
"""
