import { Ajv, type ValidateFunction } from "ajv";
import type { JsonSchema } from "../core/index.js";

/**
 * Compiles tool parameter schemas with ajv, once per distinct schema: environments built from
 * the same tool families share schemas, and compiling is ~100× dearer than validating.
 */
export class ArgumentValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  private readonly cache = new Map<string, ValidateFunction>();
  /** Same schema object → same validator without re-serializing it on every call. */
  private readonly byObject = new WeakMap<JsonSchema, ValidateFunction>();
  private readonly maxCached: number;

  constructor(options: { maxCached?: number } = {}) {
    this.maxCached = options.maxCached ?? 10_000;
  }

  /** Returns null when `args` satisfies `schema`, else a one-line description of what is wrong. */
  check(schema: JsonSchema, args: unknown): string | null {
    const validate = this.compile(schema);
    if (validate(args)) return null;
    return this.ajv.errorsText(validate.errors, { dataVar: "arguments", separator: "; " });
  }

  private compile(schema: JsonSchema): ValidateFunction {
    const known = this.byObject.get(schema);
    if (known !== undefined) return known;
    const key = JSON.stringify(schema);
    let validate = this.cache.get(key);
    if (validate === undefined) {
      if (this.cache.size >= this.maxCached) {
        this.cache.clear();
        this.ajv.removeSchema(); // ajv keeps its own cache of every compiled schema
      }
      validate = this.ajv.compile(schema);
      this.cache.set(key, validate);
    }
    this.byObject.set(schema, validate);
    return validate;
  }
}
