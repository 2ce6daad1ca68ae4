/**
 * The world's schema: entity kinds, their fields, and the words for them — the tool document of
 * every look-up, and several phrasings of every question and relation, so a model has to read
 * the question rather than match one template. `{x}` stands for an entity's name or a noun
 * phrase; templates with `{x}'s` are used only with a bare name.
 */

export const ENTITY_KINDS = ["country", "city", "person", "company", "product", "event"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Plural of each kind, for array parameters (`cities: string[]`). */
export const KIND_PLURALS: Record<EntityKind, string> = {
  country: "countries",
  city: "cities",
  person: "people",
  company: "companies",
  product: "products",
  event: "events",
};

export type FieldType = "int" | "float" | "date" | "text" | "ref" | "money" | "timezone" | "clock";

export interface FieldDef {
  kind: EntityKind;
  field: string;
  type: FieldType;
  /** The kind a `ref` field points to. */
  ref?: EntityKind;
  /** The noun, as in "the {label} of Varnesia". */
  label: string;
  /** The look-up tool's description. */
  doc: string;
  /** Questions whose answer is the field's value. */
  questions: readonly string[];
  /** `ref` fields: noun phrases for the entity they point to ("the capital of {x}"). */
  np?: readonly string[];
  /** `date` fields: the moment as a noun phrase ("the founding of {x}"). */
  moment?: readonly string[];
  /** Numeric fields: the unit convert_units knows them by. */
  unit?: string;
  /** Numeric fields: aggregations that make sense over several entities. */
  aggregate?: readonly ("sum" | "average")[];
  /**
   * The near-duplicate: a similar tool with different semantics (toolset extension). Its values
   * stay inside the entity's cluster, so no split sees another's entities through it.
   */
  near: { field: string; doc: string; ref?: EntityKind };
}

/** The fields of each kind, in the order look-up tools list them (kind and field as keys). */
const SCHEMA: Record<EntityKind, Record<string, Omit<FieldDef, "kind" | "field">>> = {
  country: {
    capital: {
      type: "ref",
      ref: "city",
      label: "capital",
      doc: "The capital city of a country.",
      questions: [
        "What is the capital of {x}?",
        "Which city is the capital of {x}?",
        "Name the capital city of {x}.",
        "What city serves as {x}'s capital?",
      ],
      np: ["the capital of {x}", "the capital city of {x}", "{x}'s capital"],
      near: { field: "largest_port", doc: "The largest sea or river port of a country." },
    },
    population: {
      type: "int",
      label: "population",
      doc: "Population of a country (number of inhabitants).",
      questions: [
        "What is the population of {x}?",
        "How many people live in {x}?",
        "How many inhabitants does {x} have?",
        "What's {x}'s population?",
      ],
      aggregate: ["sum", "average"],
      near: {
        field: "population_2000",
        doc: "Population of a country as counted in the census of 2000.",
      },
    },
    area_km2: {
      type: "int",
      label: "area",
      unit: "km2",
      doc: "Land area of a country in square kilometres.",
      questions: [
        "What is the area of {x} in square kilometres?",
        "How large is {x}, in km²?",
        "How many square kilometres does {x} cover?",
      ],
      aggregate: ["sum"],
      near: {
        field: "water_area_km2",
        doc: "Area of the lakes and rivers of a country in square kilometres.",
      },
    },
    currency: {
      type: "text",
      label: "currency",
      doc: "The currency code of a country.",
      questions: [
        "What currency is used in {x}? Give its code.",
        "Which currency code does {x} use?",
        "What is the currency of {x}?",
      ],
      near: {
        field: "former_currency",
        doc: "The currency code a country used before its current one.",
      },
    },
    language: {
      type: "text",
      label: "official language",
      doc: "The official language of a country.",
      questions: [
        "What is the official language of {x}?",
        "Which language is official in {x}?",
        "What language is spoken officially in {x}?",
      ],
      near: { field: "second_language", doc: "The most common second language of a country." },
    },
    independence_date: {
      type: "date",
      label: "independence date",
      doc: "The date a country became independent (YYYY-MM-DD).",
      questions: [
        "When did {x} become independent?",
        "On what date did {x} gain independence?",
        "What is {x}'s independence date?",
      ],
      moment: ["the independence of {x}", "the day {x} became independent"],
      near: {
        field: "constitution_date",
        doc: "The date a country's current constitution was adopted (YYYY-MM-DD).",
      },
    },
  },
  city: {
    country: {
      type: "ref",
      ref: "country",
      label: "country",
      doc: "The country a city lies in.",
      questions: [
        "Which country is {x} in?",
        "In what country is {x} located?",
        "{x} is a city in which country?",
      ],
      np: ["the country {x} lies in", "the country where {x} is located", "the country of {x}"],
      near: {
        field: "twin_city",
        doc: "The twin city of a city, in the same country.",
        ref: "city",
      },
    },
    population: {
      type: "int",
      label: "population",
      doc: "Population of a city (residents within the city limits).",
      questions: [
        "What is the population of {x}?",
        "How many people live in {x}?",
        "How many residents does {x} have?",
        "What's {x}'s population?",
      ],
      aggregate: ["sum", "average"],
      near: {
        field: "metro_population",
        doc: "Population of a city's whole metropolitan area, suburbs included.",
      },
    },
    elevation_m: {
      type: "int",
      label: "elevation",
      unit: "m",
      doc: "Elevation of a city above sea level, in metres.",
      questions: [
        "What is the elevation of {x} in metres?",
        "How high above sea level is {x}, in metres?",
        "At what altitude, in metres, does {x} lie?",
      ],
      aggregate: ["average"],
      near: {
        field: "highest_point_m",
        doc: "The highest point within a city's limits, in metres above sea level.",
      },
    },
    timezone: {
      type: "timezone",
      label: "time zone",
      doc: "The UTC offset a city keeps, e.g. UTC+05:30.",
      questions: [
        "What time zone is {x} in?",
        "Which UTC offset does {x} use?",
        "What is the time zone of {x}?",
      ],
      near: {
        field: "summer_timezone",
        doc: "The UTC offset a city keeps in summer (daylight saving time).",
      },
    },
    mayor: {
      type: "ref",
      ref: "person",
      label: "mayor",
      doc: "The current mayor of a city.",
      questions: [
        "Who is the mayor of {x}?",
        "Who serves as mayor of {x}?",
        "Name the mayor of {x}.",
        "Who is {x}'s mayor?",
      ],
      np: ["the mayor of {x}", "the person who is mayor of {x}", "{x}'s mayor"],
      near: { field: "deputy_mayor", doc: "The deputy mayor of a city." },
    },
    founded_year: {
      type: "int",
      label: "founding year",
      doc: "The year a city was founded.",
      questions: [
        "In what year was {x} founded?",
        "When was {x} founded? Give the year.",
        "What is the founding year of {x}?",
      ],
      near: { field: "charter_year", doc: "The year a city received its town charter." },
    },
  },
  person: {
    birth_date: {
      type: "date",
      label: "date of birth",
      doc: "A person's date of birth (YYYY-MM-DD).",
      questions: [
        "When was {x} born?",
        "What is {x}'s date of birth?",
        "On what date was {x} born?",
      ],
      moment: ["the birth of {x}", "the day {x} was born"],
      near: {
        field: "baptism_date",
        doc: "The date a person was registered at the civil registry (YYYY-MM-DD).",
      },
    },
    birthplace: {
      type: "ref",
      ref: "city",
      label: "birthplace",
      doc: "The city a person was born in.",
      questions: [
        "Where was {x} born?",
        "In which city was {x} born?",
        "What is the birthplace of {x}?",
        "What is {x}'s hometown by birth?",
      ],
      np: ["the birthplace of {x}", "the city where {x} was born", "{x}'s birthplace"],
      near: { field: "residence", doc: "The city a person lives in now." },
    },
    employer: {
      type: "ref",
      ref: "company",
      label: "employer",
      doc: "The company a person works for.",
      questions: [
        "Which company does {x} work for?",
        "Who employs {x}?",
        "What is the employer of {x}?",
        "Where does {x} work? Name the company.",
      ],
      np: ["the employer of {x}", "the company {x} works for", "{x}'s employer"],
      near: {
        field: "previous_employer",
        doc: "The company a person worked for before the current one.",
      },
    },
    height_cm: {
      type: "int",
      label: "height",
      unit: "cm",
      doc: "A person's height in centimetres.",
      questions: [
        "How tall is {x} in centimetres?",
        "What is {x}'s height in cm?",
        "What height is {x}, in centimetres?",
      ],
      aggregate: ["average"],
      near: {
        field: "height_at_18_cm",
        doc: "A person's height at the age of 18, in centimetres.",
      },
    },
    occupation: {
      type: "text",
      label: "occupation",
      doc: "A person's occupation.",
      questions: [
        "What does {x} do for a living?",
        "What is {x}'s occupation?",
        "What is the profession of {x}?",
      ],
      near: { field: "trained_as", doc: "The profession a person originally trained for." },
    },
  },
  company: {
    headquarters: {
      type: "ref",
      ref: "city",
      label: "headquarters",
      doc: "The city where a company has its headquarters.",
      questions: [
        "Where is {x} headquartered?",
        "In which city is {x} based?",
        "What city hosts the headquarters of {x}?",
      ],
      np: [
        "the city where {x} is headquartered",
        "the headquarters city of {x}",
        "{x}'s home city",
      ],
      near: { field: "main_factory", doc: "The city of a company's largest factory." },
    },
    ceo: {
      type: "ref",
      ref: "person",
      label: "CEO",
      doc: "The chief executive officer of a company.",
      questions: [
        "Who is the CEO of {x}?",
        "Who runs {x} as chief executive?",
        "Name the chief executive of {x}.",
        "Who is {x}'s CEO?",
      ],
      np: ["the CEO of {x}", "the chief executive of {x}", "{x}'s CEO"],
      near: { field: "chair", doc: "The chair of a company's board." },
    },
    founder: {
      type: "ref",
      ref: "person",
      label: "founder",
      doc: "The person who founded a company.",
      questions: ["Who founded {x}?", "Who is the founder of {x}?", "Which person started {x}?"],
      np: ["the founder of {x}", "the person who founded {x}", "{x}'s founder"],
      near: { field: "first_investor", doc: "The first outside investor of a company." },
    },
    founded: {
      type: "date",
      label: "founding date",
      doc: "The date a company was founded (YYYY-MM-DD).",
      questions: [
        "When was {x} founded?",
        "On what date was {x} established?",
        "What is the founding date of {x}?",
      ],
      moment: ["the founding of {x}", "the day {x} was established"],
      near: {
        field: "listed",
        doc: "The date a company was listed on the stock exchange (YYYY-MM-DD).",
      },
    },
    employees: {
      type: "int",
      label: "number of employees",
      doc: "Number of people a company employs.",
      questions: [
        "How many employees does {x} have?",
        "What is the headcount of {x}?",
        "How many people work at {x}?",
      ],
      aggregate: ["sum", "average"],
      near: { field: "contractors", doc: "Number of outside contractors working for a company." },
    },
    revenue_musd: {
      type: "int",
      label: "annual revenue (millions of USD)",
      doc: "A company's annual revenue in millions of USD.",
      questions: [
        "What is {x}'s annual revenue in millions of USD?",
        "How much revenue does {x} make a year, in millions of USD?",
        "What are the yearly sales of {x}, in millions of USD?",
      ],
      aggregate: ["sum", "average"],
      near: { field: "profit_musd", doc: "A company's annual profit in millions of USD." },
    },
    industry: {
      type: "text",
      label: "industry",
      doc: "The industry a company works in.",
      questions: [
        "What industry is {x} in?",
        "In which industry does {x} operate?",
        "What sector does {x} belong to?",
      ],
      near: { field: "secondary_industry", doc: "The second industry a company works in." },
    },
  },
  product: {
    maker: {
      type: "ref",
      ref: "company",
      label: "maker",
      doc: "The company that makes a product.",
      questions: [
        "Who makes {x}?",
        "Which company manufactures {x}?",
        "What company produces {x}?",
      ],
      np: ["the maker of {x}", "the company that makes {x}", "the manufacturer of {x}"],
      near: { field: "distributor", doc: "The company that distributes a product." },
    },
    price: {
      type: "money",
      label: "price",
      doc: "A product's list price and its currency.",
      questions: [
        "How much does {x} cost?",
        "What is the price of {x}?",
        "What does {x} sell for?",
        "What's {x}'s list price?",
      ],
      near: {
        field: "launch_price",
        doc: "A product's price when it was launched, and its currency.",
      },
    },
    weight_kg: {
      type: "float",
      label: "weight",
      unit: "kg",
      doc: "A product's weight in kilograms.",
      questions: [
        "How much does {x} weigh in kilograms?",
        "What is the weight of {x} in kg?",
        "How heavy is {x}, in kilograms?",
      ],
      aggregate: ["sum", "average"],
      near: { field: "shipping_weight_kg", doc: "A product's weight in its box, in kilograms." },
    },
    release_date: {
      type: "date",
      label: "release date",
      doc: "The date a product was released (YYYY-MM-DD).",
      questions: [
        "When was {x} released?",
        "On what date did {x} come out?",
        "What is the release date of {x}?",
      ],
      moment: ["the release of {x}", "the day {x} came out"],
      near: { field: "announce_date", doc: "The date a product was announced (YYYY-MM-DD)." },
    },
    category: {
      type: "text",
      label: "category",
      doc: "The kind of product.",
      questions: [
        "What kind of product is {x}?",
        "Which product category does {x} belong to?",
        "What is {x}?",
      ],
      near: { field: "accessory_category", doc: "The kind of accessory sold with a product." },
    },
  },
  event: {
    city: {
      type: "ref",
      ref: "city",
      label: "host city",
      doc: "The city that hosted an event.",
      questions: [
        "Where did {x} take place?",
        "Which city hosted {x}?",
        "In what city was {x} held?",
      ],
      np: ["the host city of {x}", "the city that hosted {x}", "the city where {x} was held"],
      near: { field: "bid_city", doc: "The runner-up city in the bid to host an event." },
    },
    date: {
      type: "date",
      label: "date",
      doc: "The date an event took place (YYYY-MM-DD).",
      questions: [
        "When did {x} take place?",
        "On what date was {x} held?",
        "What was the date of {x}?",
      ],
      moment: ["{x}", "the day of {x}"],
      near: { field: "announced", doc: "The date an event was announced (YYYY-MM-DD)." },
    },
    attendance: {
      type: "int",
      label: "attendance",
      doc: "Number of people who attended an event.",
      questions: [
        "How many people attended {x}?",
        "What was the attendance at {x}?",
        "How many visitors did {x} draw?",
      ],
      aggregate: ["sum", "average"],
      near: { field: "tickets_sold", doc: "Number of tickets sold in advance for an event." },
    },
    organizer: {
      type: "ref",
      ref: "company",
      label: "organizer",
      doc: "The company that organized an event.",
      questions: [
        "Who organized {x}?",
        "Which company organized {x}?",
        "What company was behind {x}?",
      ],
      np: ["the organizer of {x}", "the company that organized {x}", "{x}'s organizer"],
      near: { field: "sponsor", doc: "The main sponsor of an event." },
    },
    start_time: {
      type: "clock",
      label: "local start time",
      doc: "The local time an event started (HH:MM, 24-hour clock).",
      questions: [
        "At what local time did {x} start?",
        "When did {x} begin, in local time?",
        "What was the local start time of {x}?",
      ],
      near: { field: "doors_open", doc: "The local time the doors opened for an event (HH:MM)." },
    },
  },
};

const fieldsOf = (kind: EntityKind): FieldDef[] =>
  Object.entries(SCHEMA[kind]).map(([field, def]) => ({ kind, field, ...def }));

export const FIELDS_BY_KIND: Record<EntityKind, readonly FieldDef[]> = {
  country: fieldsOf("country"),
  city: fieldsOf("city"),
  person: fieldsOf("person"),
  company: fieldsOf("company"),
  product: fieldsOf("product"),
  event: fieldsOf("event"),
};

export const FIELDS: readonly FieldDef[] = ENTITY_KINDS.flatMap((kind) => FIELDS_BY_KIND[kind]);

const FIELD_INDEX = new Map(FIELDS.map((f) => [`${f.kind}.${f.field}`, f]));

/** The field behind a look-up capability such as `country.population`. */
export function fieldDef(capability: string): FieldDef {
  const def = FIELD_INDEX.get(capability);
  if (def === undefined) throw new RangeError(`no such field: ${capability}`);
  return def;
}

export function isLookupCapability(capability: string): boolean {
  return FIELD_INDEX.has(capability);
}
