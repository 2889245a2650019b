"""Hand-written mixins inherited by generated resources (`extends` in sdkforge.yml) that must
stay cheap to import: each imports its `oai.lib` machinery only when one of its methods runs,
so touching a resource (`client.chat.completions`) loads no `oai.lib` module."""
