import type { EnvgenBackend } from "../stages/envgen-backend.js";
import { createProceduralComplexityScaling } from "./procedural-complexity-scaling.js";
import { createProceduralDecomposition } from "./procedural-decomposition.js";
import { createProceduralDocumentGeneration } from "./procedural-document-generation.js";
import { createProceduralFunctionIntegration } from "./procedural-function-integration.js";
import { createProceduralLocalizedDeployment } from "./procedural-localized-deployment.js";
import { generateWorld } from "./world/generate-world.js";
import type { World } from "./world/world.js";

export interface ProceduralBackend extends EnvgenBackend {
  /** The generated world every stage draws on (for audits: which entity is in which split). */
  readonly world: World;
}

/**
 * The embedded, offline backend: the five stages over a world generated from `seed`. The same
 * seed and the same stage contexts give byte-identical tasks.
 *
 * @example
 * const backend = createProceduralBackend({ seed: 7 });
 * const { records } = await buildEnvironments({ backend, count: 100, seed: 7 });
 */
export function createProceduralBackend(options: {
  seed: number;
  /** Country clusters in the world (29 entities each), default 48. */
  countries?: number;
}): ProceduralBackend {
  const world = generateWorld({ seed: options.seed, countries: options.countries });
  return {
    name: "procedural",
    world,
    decomposition: createProceduralDecomposition({ world }),
    documentGeneration: createProceduralDocumentGeneration(),
    functionIntegration: createProceduralFunctionIntegration(),
    complexityScaling: createProceduralComplexityScaling(),
    localizedDeployment: createProceduralLocalizedDeployment({ world }),
  };
}
