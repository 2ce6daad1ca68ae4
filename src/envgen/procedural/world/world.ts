import type { EntityKind } from "./entity-fields.js";

export interface Money {
  amount: number;
  currency: string;
}

/** A field's value: numbers, ISO dates, "HH:MM", "UTC+05:30", names of other entities, money. */
export type FieldValue = number | string | Money;

export interface Entity {
  kind: EntityKind;
  name: string;
  /** The country cluster the entity belongs to: splits hold whole clusters out. */
  cluster: number;
  /** Field values, near-duplicate fields (FieldDef.near.field) included. */
  values: Record<string, FieldValue>;
}

export interface Currency {
  code: string;
  /** USD per unit. */
  usd: number;
  /** The country cluster that issues it; null for the world currencies (USD, EUR). */
  cluster: number | null;
}

/**
 * A generated world: countries, each a cluster of cities, people, companies, products and
 * events related only to each other, so holding a cluster out of training holds out every
 * entity a question about it can reach.
 */
export interface World {
  seed: number;
  clusters: number;
  entities: readonly Entity[];
  byKind: Record<EntityKind, readonly Entity[]>;
  /** By lower-cased name. */
  byName: ReadonlyMap<string, Entity>;
  currencies: ReadonlyMap<string, Currency>;
  /** Clusters in the seed's order: the first `round(testFraction × clusters)` are test ones. */
  clusterOrder: readonly number[];
}
