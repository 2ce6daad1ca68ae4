/**
 * Entries written by hand in the shapes of BFCL v4's live files (the real ones are held out of
 * the repository): ids `live_<category>_<n>-<function doc>-<prompt>`, `question` as a list of
 * turns of messages (system prompts, assistant turns), BFCL's function documents (`dict`,
 * `float`, `tuple`, `any`, `enum`, `default`, nested `properties`), and possible answers that
 * list allowed values per parameter (`""` = may be omitted). They gather the cases the
 * leaderboard's checker treats specially; the verdicts the tests expect for them were checked
 * against that checker.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BfclCategory } from "../bfcl-category.js";

/** A float literal as Python writes it (`120.0`): JSON.stringify would write `120`. */
class Float {
  constructor(readonly value: number) {}
}
const float = (value: number) => new Float(value);

type Json = null | boolean | number | Float | string | Json[] | { [key: string]: Json };

/** JSON text with `Float`s written with a decimal point, so Python reads them as floats. */
export function toBfclJson(value: Json): string {
  if (value instanceof Float)
    return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
  if (Array.isArray(value)) return `[${value.map(toBfclJson).join(", ")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${toBfclJson(item)}`)
      .join(", ")}}`;
  return JSON.stringify(value);
}

export interface FixtureCategory {
  questions: Json[];
  /** The lines of `possible_answer/…`; absent for irrelevance and relevance. */
  answers?: Json[];
}

const user = (content: string) => ({ role: "user", content });
const system = (content: string) => ({ role: "system", content });
const assistant = (content: string) => ({ role: "assistant", content });

/** A BFCL function document: `parameters.type` is `dict`, parameters in `properties`. */
const fn = (
  name: string,
  properties: Record<string, Json>,
  required: string[],
  description = `${name} (fixture)`,
) => ({ name, description, parameters: { type: "dict", required, properties } });

const getWeather = fn(
  "get_current_weather",
  {
    location: { type: "string", description: "City and state, e.g. 'San Francisco, CA'." },
    unit: { type: "string", enum: ["celsius", "fahrenheit"], default: "fahrenheit" },
  },
  ["location"],
);

const bookHotel = fn(
  "book_hotel",
  {
    location: {
      type: "dict",
      description: "Where to stay.",
      properties: { city: { type: "string" }, country: { type: "string", default: "US" } },
      required: ["city"],
    },
    nights: { type: "integer", default: 1 },
    budget: { type: "float", description: "Per night, in dollars." },
    amenities: { type: "array", items: { type: "string" }, default: [] },
    guests: {
      type: "array",
      items: { type: "dict", properties: { name: { type: "string" }, age: { type: "integer" } } },
    },
    breakfast: { type: "boolean", default: false },
  },
  ["location", "budget"],
);

const sendRequest = fn(
  "requests.get",
  {
    url: { type: "string" },
    params: { type: "dict", properties: {}, default: {} },
    timeout: { type: "float", default: float(5) },
    auth: { type: "tuple", items: { type: "string" }, default: null },
  },
  ["url"],
);

const search = fn(
  "search_products",
  {
    query: { type: "string", description: "What to look for; may be empty." },
    category: { type: "string", description: "A category, or empty for all." },
    tags: { type: "array", items: { type: "string" } },
    payload: { type: "any", description: "Passed through." },
  },
  ["query", "category", "tags"],
);

const setTimer = fn(
  "set_timer",
  { minutes: { type: "integer" }, label: { type: "string", default: "timer" } },
  ["minutes"],
);

const playMusic = fn(
  "play_music",
  { artist: { type: "string" }, volume: { type: "float", default: 0.5 } },
  ["artist"],
);

export const BFCL_LIVE_FIXTURE: Record<Extract<BfclCategory, `live_${string}`>, FixtureCategory> = {
  live_simple: {
    questions: [
      {
        id: "live_simple_0-0-0",
        question: [[user("What's the weather in Boston, MA?")]],
        function: [getWeather],
      },
      {
        id: "live_simple_1-0-1",
        question: [
          [
            system("You are a weather bot. Answer in Fahrenheit."),
            user("Weather in New York, NY?"),
          ],
        ],
        function: [getWeather],
      },
      {
        id: "live_simple_2-1-0",
        question: [
          [
            user(
              "Book a hotel in Paris, France for 3 nights, 120 dollars a night, for Ann (30) and Bo (4), with wifi and a pool.",
            ),
          ],
        ],
        function: [bookHotel],
      },
      {
        id: "live_simple_3-1-1",
        question: [[user("A hotel in Austin for 2 nights, budget 99.5, breakfast included.")]],
        function: [bookHotel],
      },
      {
        id: "live_simple_4-2-0",
        question: [
          [user("GET https://api.example.com/v1/items?limit=10 with a 10 second timeout")],
        ],
        function: [sendRequest],
      },
      {
        id: "live_simple_5-3-0",
        question: [[user("Search everything, no filters.")]],
        function: [search],
      },
      {
        id: "live_simple_6-3-1",
        question: [
          [
            user("Find red shoes."),
            assistant("Which category should I search?"),
            user("Footwear, tagged sale and new."),
          ],
        ],
        function: [search],
      },
    ],
    answers: [
      {
        id: "live_simple_0-0-0",
        ground_truth: [
          { get_current_weather: { location: ["Boston, MA"], unit: ["", "fahrenheit"] } },
        ],
      },
      {
        id: "live_simple_1-0-1",
        ground_truth: [
          {
            get_current_weather: {
              location: ["New York, NY", "New York"],
              unit: ["fahrenheit", ""],
            },
          },
        ],
      },
      {
        id: "live_simple_2-1-0",
        ground_truth: [
          {
            book_hotel: {
              location: [{ city: ["Paris"], country: ["France", "FR"] }],
              nights: [3],
              budget: [float(120)],
              amenities: [
                ["wifi", "pool"],
                ["pool", "wifi"],
              ],
              guests: [
                [
                  { name: ["Ann"], age: [30] },
                  { name: ["Bo"], age: [4] },
                ],
              ],
              breakfast: ["", false],
            },
          },
        ],
      },
      {
        id: "live_simple_3-1-1",
        ground_truth: [
          {
            book_hotel: {
              location: [{ city: ["Austin"], country: ["", "US"] }],
              nights: [2],
              budget: [99.5],
              amenities: ["", []],
              breakfast: [true],
            },
          },
        ],
      },
      {
        id: "live_simple_4-2-0",
        ground_truth: [
          {
            "requests.get": {
              url: ["https://api.example.com/v1/items"],
              params: [{ limit: [10] }],
              timeout: [float(10)],
              auth: [""],
            },
          },
        ],
      },
      {
        id: "live_simple_5-3-0",
        // Required parameters whose only allowed value is "": they must be sent, and empty.
        ground_truth: [{ search_products: { query: [""], category: [""], tags: [""] } }],
      },
      {
        id: "live_simple_6-3-1",
        ground_truth: [
          {
            search_products: {
              query: ["red shoes", "shoes"],
              category: ["footwear"],
              tags: [
                ["sale", "new"],
                ["new", "sale"],
              ],
              payload: [""],
            },
          },
        ],
      },
    ],
  },
  live_multiple: {
    questions: [
      {
        id: "live_multiple_0-0-0",
        question: [[user("Set a timer for 25 minutes called tea.")]],
        function: [getWeather, setTimer, playMusic],
      },
      {
        id: "live_multiple_1-1-0",
        question: [[system("You control a speaker."), user("Play Daft Punk quietly, at 0.2.")]],
        function: [setTimer, playMusic],
      },
    ],
    answers: [
      {
        id: "live_multiple_0-0-0",
        ground_truth: [{ set_timer: { minutes: [25], label: ["tea", "Tea"] } }],
      },
      {
        id: "live_multiple_1-1-0",
        ground_truth: [{ play_music: { artist: ["Daft Punk"], volume: [float(0.2)] } }],
      },
    ],
  },
  live_parallel: {
    questions: [
      {
        id: "live_parallel_0-0-0",
        question: [[user("Weather in Boston and in Chicago, in celsius.")]],
        function: [getWeather],
      },
      {
        id: "live_parallel_1-0-1",
        question: [
          [user("Weather in Boston, and in Chicago or Boston again, I don't mind which.")],
        ],
        function: [getWeather],
      },
    ],
    answers: [
      {
        id: "live_parallel_0-0-0",
        ground_truth: [
          { get_current_weather: { location: ["Boston, MA", "Boston"], unit: ["celsius"] } },
          { get_current_weather: { location: ["Chicago, IL", "Chicago"], unit: ["celsius"] } },
        ],
      },
      {
        id: "live_parallel_1-0-1",
        // Gold call 0 fits a call that gold call 1 needs: BFCL's greedy pairing then fails.
        ground_truth: [
          { get_current_weather: { location: ["Boston, MA", "Chicago, IL"], unit: [""] } },
          { get_current_weather: { location: ["Boston, MA"], unit: [""] } },
        ],
      },
    ],
  },
  live_parallel_multiple: {
    questions: [
      {
        id: "live_parallel_multiple_0-0-0",
        question: [[user("Timer for 10 minutes, and play Queen at volume 1.")]],
        function: [setTimer, playMusic, getWeather],
      },
    ],
    answers: [
      {
        id: "live_parallel_multiple_0-0-0",
        ground_truth: [
          { set_timer: { minutes: [10], label: [""] } },
          { play_music: { artist: ["Queen"], volume: [float(1)] } },
        ],
      },
    ],
  },
  live_irrelevance: {
    questions: [
      {
        id: "live_irrelevance_0-0-0",
        question: [[user("Tell me a joke about penguins.")]],
        function: [getWeather],
      },
      // No function at all: the model must answer without one.
      { id: "live_irrelevance_1-1-0", question: [[user("hi")]], function: [] },
      // An assistant turn inside the question, as some live entries have.
      {
        id: "live_irrelevance_2-2-0",
        question: [
          [
            system("You are a helpful assistant."),
            user("Can you book me a table?"),
            assistant("Sure, where and when?"),
            user("Never mind, what is 2 + 2?"),
          ],
        ],
        function: [bookHotel],
      },
    ],
  },
  live_relevance: {
    questions: [
      {
        id: "live_relevance_0-0-0",
        question: [[user("Find me something nice to buy.")]],
        function: [search],
      },
      {
        id: "live_relevance_1-1-0",
        question: [[user("What's it like outside?")]],
        function: [getWeather, playMusic],
      },
    ],
  },
};

/**
 * Writes categories the way the leaderboard ships them: `<prefix>_<category>.json` (JSON
 * Lines) with answers in `possible_answer/` under the same name. Returns the folder.
 */
export function writeBfclFixture(
  categories: Partial<Record<string, FixtureCategory>> = BFCL_LIVE_FIXTURE,
  options: { dir?: string; prefix?: string; names?: Record<string, string> } = {},
): string {
  const { dir = mkdtempSync(join(tmpdir(), "bfcl-live-")), prefix = "BFCL_v4" } = options;
  mkdirSync(join(dir, "possible_answer"), { recursive: true });
  const lines = (rows: Json[]) => `${rows.map(toBfclJson).join("\n")}\n`;
  for (const [category, data] of Object.entries(categories)) {
    if (data === undefined) continue;
    const file = `${prefix}_${options.names?.[category] ?? category}.json`;
    writeFileSync(join(dir, file), lines(data.questions));
    if (data.answers !== undefined)
      writeFileSync(join(dir, "possible_answer", file), lines(data.answers));
  }
  return dir;
}
