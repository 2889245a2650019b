"""Hand-written code the generated resources import at load time (`checks` in sdkforge.yml) that
must stay cheap to import: touching a resource (`client.chat.completions`) loads no `oai.lib`
module."""
