import { ConfigError } from "../../core/index.js";

const PYTHON_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);

/**
 * The Python source FTRL's verl fork runs for one tool. Its `call_function` does
 * `exec(code); eval(name)(**arguments)` and keeps the string returned (`Code/utils/utils.py`),
 * so each entry of `codes` is one self-contained function of the tool's name — its imports
 * inside, since names defined by `exec` in a function are not its globals. toolgym's tools are
 * JavaScript run in a sandbox, so the function asks `toolgym serve env` to run the call
 * (`POST /call`) and returns the output; a failed call raises, which FTRL turns into its
 * "an error occured when call …" observation.
 */
export function ftrlToolShim(options: { envId: string; tool: string; envUrl: string }): string {
  const { envId, tool, envUrl } = options;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tool) || PYTHON_KEYWORDS.has(tool)) {
    throw new ConfigError(
      "--format ftrl",
      `tool "${tool}" of ${envId} is not a Python identifier; FTRL's fork calls tools by name`,
    );
  }
  return `def ${tool}(**arguments):
    import json, os, urllib.request
    url = os.environ.get("TOOLGYM_ENV_URL", ${JSON.stringify(envUrl)}).rstrip("/") + "/call"
    headers = {"Content-Type": "application/json"}
    if os.environ.get("TOOLGYM_TOKEN"):
        headers["Authorization"] = "Bearer " + os.environ["TOOLGYM_TOKEN"]
    body = {"env_id": ${JSON.stringify(envId)}, "name": ${JSON.stringify(tool)}, "arguments": arguments}
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        result = json.load(response)
    if result["is_error"]:
        raise RuntimeError(result["content"])
    return result["content"]
`;
}
