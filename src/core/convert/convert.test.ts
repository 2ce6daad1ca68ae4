import { describe, expect, it } from "vitest";
import { ToolSpecSchema } from "../records/message.js";
import { fromBfclFunction, toBfclFunction } from "./bfcl-function.js";
import { fromMcpTool, toMcpTool } from "./mcp-tool.js";

const bfcl = {
  name: "math.hypot",
  description: "Euclidean norm",
  parameters: {
    type: "dict",
    properties: {
      x: { type: "integer", description: "x" },
      scale: { type: "float", description: "factor", default: 1.0 },
      point: { type: "tuple", items: { type: "float" } },
      extra: { type: "any" },
      opts: { type: "dict", properties: { mode: { type: "string", enum: ["a", "b"] } } },
    },
    required: ["x"],
  },
};

describe("tool spec converters", () => {
  it("maps BFCL's dialect to JSON Schema", () => {
    const spec = ToolSpecSchema.parse(fromBfclFunction(bfcl));
    const props = spec.function.parameters.properties as Record<string, Record<string, unknown>>;
    expect(spec.function.parameters.type).toBe("object");
    expect(props.scale.type).toBe("number");
    expect(props.point).toEqual({ type: "array", items: { type: "number" } });
    expect(props.extra).toEqual({});
    expect((props.opts.properties as Record<string, unknown>).mode).toEqual({
      type: "string",
      enum: ["a", "b"],
    });
    expect(spec.function.parameters.required).toEqual(["x"]);
  });
  it("maps back to BFCL", () => {
    const back = toBfclFunction(fromBfclFunction(bfcl));
    expect(back.parameters.type).toBe("dict");
    expect(back.parameters.properties?.scale.type).toBe("float");
    expect(back.parameters.properties?.extra.type).toBe("any");
  });
  it("round-trips MCP tools", () => {
    const spec = fromBfclFunction(bfcl);
    const mcp = toMcpTool(spec);
    expect(mcp.inputSchema.type).toBe("object");
    expect(fromMcpTool(mcp)).toEqual(spec);
  });
});
