/**
 * The Python (standard library only) that generated glue files use to reach a toolgym server:
 * the server's URL from an environment variable (default baked in at export), the token from
 * TOOLGYM_TOKEN, JSON over urllib, retries while the server cannot be reached (as OpenRLHF's own
 * reward client retries), and a refusal raised with the server's message — never a silent 0.
 */
export function pythonHttpClient(urlVariable: string, defaultUrl: string): string {
  return `import json
import os
import time
import urllib.error
import urllib.request

${urlVariable} = os.environ.get("${urlVariable}", ${JSON.stringify(defaultUrl)}).rstrip("/")


def _post(path, body, retries=5):
    """POSTs JSON to the toolgym server; retries while it cannot be reached, raises on a refusal."""
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("TOOLGYM_TOKEN")
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode("utf-8")
    for attempt in range(retries):
        request = urllib.request.Request(${urlVariable} + path, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")
            raise RuntimeError(f"toolgym refused POST {path} ({error.code}): {detail}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            if attempt == retries - 1:
                raise RuntimeError(f"toolgym server {${urlVariable}} unreachable: {error}") from error
            time.sleep(min(2**attempt, 10))
`;
}
