/**
 * Whether a base URL points at a server on this machine or a private network — where
 * OpenAI-compatible servers (vLLM, SGLang, llama.cpp, Ollama) usually run without an API key.
 *
 * Loopback and private IPv4 ranges, IPv6 loopback and unique-local addresses, `localhost`,
 * `*.local` / `*.internal` / `*.lan` names, and single-label host names (`gpu-box`, a Docker
 * service `vllm`), which cannot be public hosts.
 */
export function isLocalEndpoint(baseURL: string): boolean {
  const host = new URL(baseURL).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "0.0.0.0" || host === "::1") return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(host)) return true;
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (host.includes(":")) return false;
  return !host.includes(".") || /\.(local|internal|lan|localhost)$/.test(host);
}
