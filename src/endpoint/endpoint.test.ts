import { describe, expect, it } from "vitest";
import { isLocalEndpoint } from "./endpoint.js";

describe("isLocalEndpoint", () => {
  it.each([
    "http://localhost:8000/v1",
    "http://127.0.0.1:8000/v1",
    "http://[::1]:8000/v1",
    "http://0.0.0.0:30000/v1",
    "http://10.1.2.3/v1",
    "http://172.20.0.5:8000/v1",
    "http://192.168.1.10:11434/v1",
    "http://vllm:8000/v1",
    "http://gpu-box.local:8000/v1",
  ])("%s is local", (url) => expect(isLocalEndpoint(url)).toBe(true));

  it.each([
    "https://api.openai.com/v1",
    "https://openrouter.ai/api/v1",
    "http://172.32.0.1/v1",
    "http://8.8.8.8/v1",
    "http://[2001:db8::1]/v1",
  ])("%s is not local", (url) => expect(isLocalEndpoint(url)).toBe(false));
});
