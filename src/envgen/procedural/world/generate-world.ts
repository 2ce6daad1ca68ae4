import {
  daysFromCivil,
  formatClock,
  formatIsoDate,
  formatUtcOffset,
  parseClock,
  parseIsoDate,
  parseUtcOffset,
} from "../civil-date.js";
import { NameGenerator } from "../name-generator.js";
import { createRng, type Rng } from "../rng.js";
import { ENTITY_KINDS, type EntityKind, FIELDS } from "./entity-fields.js";
import type { Currency, Entity, FieldValue, Money, World } from "./world.js";

const OCCUPATIONS = [
  "engineer",
  "teacher",
  "architect",
  "chemist",
  "pilot",
  "journalist",
  "surgeon",
  "economist",
  "designer",
  "lawyer",
  "geologist",
  "composer",
];
const INDUSTRIES = [
  "software",
  "energy",
  "logistics",
  "textiles",
  "aerospace",
  "food",
  "pharmaceuticals",
  "finance",
  "mining",
  "media",
  "shipbuilding",
  "robotics",
];
const CATEGORIES = [
  "laptop",
  "bicycle",
  "camera",
  "headphones",
  "kettle",
  "drone",
  "wristwatch",
  "tablet",
  "speaker",
  "backpack",
  "telescope",
  "sewing machine",
];

/** The world currencies every conversion tool knows besides the countries' own. */
export const WORLD_CURRENCIES: readonly Currency[] = [
  { code: "USD", usd: 1, cluster: null },
  { code: "EUR", usd: 1.08, cluster: null },
];

const PER_COUNTRY = { city: 5, person: 10, company: 4, product: 6, event: 3 } as const;

/**
 * Generates the world of a seed: `countries` clusters of 1 country, 5 cities, 10 people,
 * 4 companies, 6 products and 3 events (29 entities each), every relation inside its cluster.
 * The same seed gives the same world.
 */
export function generateWorld(options: { seed: number; countries?: number }): World {
  const { seed, countries = 48 } = options;
  const rng = createRng(seed, 0x776f726c); // "worl"
  const names = new NameGenerator(rng);
  const entities: Entity[] = [];
  const currencies = new Map<string, Currency>(WORLD_CURRENCIES.map((c) => [c.code, c]));
  for (let cluster = 0; cluster < countries; cluster++) {
    entities.push(...generateCluster({ rng, names, cluster, currencies }));
  }
  const byClusterKind = new Map<string, Entity[]>();
  for (const e of entities) {
    const key = `${e.cluster}:${e.kind}`;
    byClusterKind.set(key, [...(byClusterKind.get(key) ?? []), e]);
  }
  for (const entity of entities)
    addNearValues(
      entity,
      (kind) => byClusterKind.get(`${entity.cluster}:${kind}`) ?? [],
      rng,
      names,
    );

  const byKind = Object.fromEntries(
    ENTITY_KINDS.map((kind) => [kind, entities.filter((e) => e.kind === kind)]),
  ) as Record<EntityKind, Entity[]>;
  const byName = new Map(entities.map((e) => [e.name.toLowerCase(), e]));
  const clusterOrder = rng.sample(
    Array.from({ length: countries }, (_, i) => i),
    countries,
  );
  return { seed, clusters: countries, entities, byKind, byName, currencies, clusterOrder };
}

function generateCluster(options: {
  rng: Rng;
  names: NameGenerator;
  cluster: number;
  currencies: Map<string, Currency>;
}): Entity[] {
  const { rng, names, cluster, currencies } = options;
  const make = (kind: EntityKind, name: string): Entity => ({ kind, name, cluster, values: {} });
  const country = make("country", names.country());
  const cities = Array.from({ length: PER_COUNTRY.city }, () => make("city", names.city()));
  const people = Array.from({ length: PER_COUNTRY.person }, () => make("person", names.person()));
  const companies = Array.from({ length: PER_COUNTRY.company }, () =>
    make("company", names.company()),
  );
  const products = Array.from({ length: PER_COUNTRY.product }, () =>
    make("product", names.product()),
  );
  const events = Array.from({ length: PER_COUNTRY.event }, () => make("event", names.event()));

  const code = names.currencyCode();
  const usd = roundSignificant(10 ** (rng.next() * 3.4 - 3), 4);
  currencies.set(code, { code, usd, cluster });
  const baseOffset = rng.pick([
    -600, -480, -300, -180, -60, 0, 60, 120, 180, 210, 240, 330, 420, 540, 600, 720,
  ]);

  Object.assign(country.values, {
    capital: cities[0].name,
    population: rng.int(300, 90_000) * 1000 + rng.int(0, 999),
    area_km2: rng.int(2_000, 2_000_000),
    currency: code,
    language: names.language(),
    independence_date: randomDate(rng, 1700, 1995),
  });
  cities.forEach((city, i) => {
    Object.assign(city.values, {
      country: country.name,
      population: i === 0 ? rng.int(200_000, 5_000_000) : rng.int(5_000, 900_000),
      elevation_m: rng.int(2, 2_800),
      timezone: formatUtcOffset(baseOffset + (i > 0 && rng.chance(0.3) ? 60 : 0)),
      mayor: people[i].name,
      founded_year: rng.int(700, 1900),
    });
  });
  for (const person of people) {
    Object.assign(person.values, {
      birth_date: randomDate(rng, 1940, 2004),
      birthplace: rng.pick(cities).name,
      employer: rng.pick(companies).name,
      height_cm: rng.int(150, 201),
      occupation: rng.pick(OCCUPATIONS),
    });
  }
  companies.forEach((company, i) => {
    const [ceo, founder] = rng.sample(people, 2);
    Object.assign(company.values, {
      headquarters: cities[i % cities.length].name,
      ceo: ceo.name,
      founder: founder.name,
      founded: randomDate(rng, 1850, 2020),
      employees: rng.int(20, 200_000),
      revenue_musd: rng.int(1, 90_000),
      industry: rng.pick(INDUSTRIES),
    });
  });
  for (const product of products) {
    const priceUsd = rng.int(5, 5_000);
    const price: Money = { amount: roundPrice(priceUsd / usd), currency: code };
    Object.assign(product.values, {
      maker: rng.pick(companies).name,
      price,
      weight_kg: rng.int(1, 400) / 10,
      release_date: randomDate(rng, 1995, 2024),
      category: rng.pick(CATEGORIES),
    });
  }
  for (const event of events) {
    Object.assign(event.values, {
      city: rng.pick(cities).name,
      date: randomDate(rng, 1985, 2024),
      attendance: rng.int(200, 120_000),
      organizer: rng.pick(companies).name,
      start_time: formatClock(rng.int(32, 87) * 15),
    });
  }
  return [country, ...cities, ...people, ...companies, ...products, ...events];
}

/** Near-duplicate fields get values that differ from the real ones (toolset extension). */
function addNearValues(
  entity: Entity,
  sameCluster: (kind: EntityKind) => readonly Entity[],
  rng: Rng,
  names: NameGenerator,
) {
  for (const def of FIELDS) {
    if (def.kind !== entity.kind) continue;
    const value = entity.values[def.field];
    let near: FieldValue;
    switch (def.type) {
      case "int":
        near =
          def.field === "founded_year"
            ? (value as number) + rng.int(3, 80)
            : Math.max(1, Math.round((value as number) * nearFactor(rng)));
        break;
      case "float":
        near = Math.max(0.1, Math.round((value as number) * nearFactor(rng) * 10) / 10);
        if (near === value) near = (value as number) + 0.5;
        break;
      case "date":
        near = formatIsoDate(
          parseIsoDate(value as string) + rng.pick([-1, 1]) * rng.int(30, 2_000),
        );
        break;
      case "money": {
        const money = value as Money;
        near = { amount: roundPrice(money.amount * nearFactor(rng)), currency: money.currency };
        break;
      }
      case "timezone":
        near = formatUtcOffset(parseUtcOffset(value as string) + 60);
        break;
      case "clock":
        near = formatClock(parseClock(value as string) - 30);
        break;
      case "ref": {
        const others = sameCluster(def.near.ref ?? def.ref!).filter(
          (e) => e.name !== value && e !== entity,
        );
        near = rng.pick(others).name;
        break;
      }
      case "text":
        near =
          def.field === "currency"
            ? names.currencyCode()
            : def.field === "language"
              ? names.language()
              : rng.pick(
                  (def.field === "occupation"
                    ? OCCUPATIONS
                    : def.field === "industry"
                      ? INDUSTRIES
                      : CATEGORIES
                  ).filter((v) => v !== value),
                );
        break;
    }
    entity.values[def.near.field] = near;
  }
}

function nearFactor(rng: Rng): number {
  return rng.chance(0.5) ? 0.55 + rng.next() * 0.35 : 1.15 + rng.next() * 0.65;
}

function randomDate(rng: Rng, fromYear: number, toYear: number): string {
  const start = daysFromCivil(fromYear, 1, 1);
  const end = daysFromCivil(toYear, 12, 31);
  return formatIsoDate(rng.int(start, end));
}

function roundSignificant(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}

/** Prices as shops write them: whole units above 100, cents below. */
function roundPrice(x: number): number {
  return x >= 100 ? Math.round(x) : Math.max(0.01, Math.round(x * 100) / 100);
}
