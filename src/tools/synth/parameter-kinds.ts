import type { JsonObject } from "../../json/json-value.js";

/**
 * The kinds of parameter a synthesised tool can take, by short code: each a JSON Schema with a
 * description that says what the value means and in which unit. Entities and formulas list codes;
 * a code may be followed by `?` in those lists to make the parameter optional.
 */
export const PARAMETER_KINDS: Record<string, { name: string; schema: JsonObject }> = {
  city: {
    name: "city",
    schema: { type: "string", description: "City name, e.g. Lisbon.", minLength: 2, maxLength: 60 },
  },
  country: { name: "country", schema: { type: "string", description: "Country name." } },
  location: {
    name: "location",
    schema: { type: "string", description: "City or neighbourhood to search in." },
  },
  address: {
    name: "address",
    schema: {
      type: "object",
      description: "Postal address.",
      properties: {
        street: { type: "string", description: "Street and number." },
        city: { type: "string", description: "City." },
        postal_code: { type: "string", description: "Postal code.", pattern: "^[0-9]{5}$" },
      },
      required: ["street", "city"],
      additionalProperties: false,
    },
  },
  start_date: {
    name: "start_date",
    schema: { type: "string", format: "date", description: "First day, as YYYY-MM-DD." },
  },
  end_date: {
    name: "end_date",
    schema: { type: "string", format: "date", description: "Last day, as YYYY-MM-DD." },
  },
  check_in: {
    name: "check_in",
    schema: { type: "string", format: "date", description: "Arrival date (YYYY-MM-DD)." },
  },
  check_out: {
    name: "check_out",
    schema: { type: "string", format: "date", description: "Departure date (YYYY-MM-DD)." },
  },
  date: { name: "date", schema: { type: "string", format: "date", description: "The day, as YYYY-MM-DD." } },
  start_time: {
    name: "start_time",
    schema: { type: "string", format: "date-time", description: "Start, as an ISO 8601 date-time." },
  },
  time: {
    name: "time",
    schema: { type: "string", format: "time", description: "Time of day (HH:MM:SS with zone)." },
  },
  guests: {
    name: "guests",
    schema: { type: "integer", minimum: 1, maximum: 12, description: "Number of guests." },
  },
  nights: {
    name: "nights",
    schema: { type: "integer", minimum: 1, maximum: 30, description: "Number of nights to stay." },
  },
  people: {
    name: "party_size",
    schema: { type: "integer", minimum: 1, maximum: 20, description: "How many people." },
  },
  quantity: {
    name: "quantity",
    schema: { type: "integer", minimum: 1, maximum: 99, description: "How many units." },
  },
  limit: {
    name: "max_results",
    schema: { type: "integer", minimum: 1, maximum: 50, description: "Maximum number of results to return." },
  },
  page: { name: "page", schema: { type: "integer", minimum: 1, description: "Page of results, from 1." } },
  price: {
    name: "max_price",
    schema: {
      type: "number",
      exclusiveMinimum: 0,
      description: "Highest acceptable price, in the chosen currency.",
    },
  },
  budget: {
    name: "budget",
    schema: { type: "number", minimum: 0, maximum: 100000, description: "Total budget in US dollars." },
  },
  amount: {
    name: "amount",
    schema: { type: "number", exclusiveMinimum: 0, multipleOf: 0.01, description: "Amount of money." },
  },
  currency: {
    name: "currency",
    schema: { type: "string", pattern: "^[A-Z]{3}$", description: "ISO 4217 currency code, e.g. EUR." },
  },
  distance: {
    name: "radius_km",
    schema: { type: "number", minimum: 0.5, maximum: 100, description: "Search radius in kilometres." },
  },
  weight: {
    name: "weight_kg",
    schema: { type: "number", exclusiveMinimum: 0, maximum: 1000, description: "Weight in kilograms." },
  },
  duration: {
    name: "duration_minutes",
    schema: { type: "integer", minimum: 5, maximum: 600, multipleOf: 5, description: "Length in minutes." },
  },
  temperature: {
    name: "temperature_c",
    schema: { type: "number", minimum: -30, maximum: 60, description: "Temperature in degrees Celsius." },
  },
  rating: {
    name: "min_rating",
    schema: {
      type: "number",
      minimum: 0,
      maximum: 5,
      multipleOf: 0.5,
      description: "Lowest average rating, 0 to 5 stars.",
    },
  },
  stars: { name: "stars", schema: { type: "integer", enum: [1, 2, 3, 4, 5], description: "Star category." } },
  percent: {
    name: "discount_percent",
    schema: { type: "integer", minimum: 0, maximum: 90, description: "Discount in percent." },
  },
  sort: {
    name: "sort_by",
    schema: {
      type: "string",
      enum: ["price", "rating", "distance", "newest"],
      description: "Order of the results.",
    },
  },
  priority: {
    name: "priority",
    schema: { type: "string", enum: ["low", "normal", "high", "urgent"], description: "How urgent it is." },
  },
  unit_system: {
    name: "units",
    schema: { type: "string", enum: ["metric", "imperial"], description: "Unit system of the answer." },
  },
  language: {
    name: "language",
    schema: { type: "string", pattern: "^[a-z]{2}$", description: "Two-letter language code, e.g. es." },
  },
  email: {
    name: "email",
    schema: { type: "string", format: "email", description: "Contact email address." },
  },
  phone: {
    name: "phone",
    schema: {
      type: "string",
      pattern: "^\\+[0-9]{8,13}$",
      description: "Phone number in international format.",
    },
  },
  website: { name: "website", schema: { type: "string", format: "uri", description: "Web address." } },
  name: {
    name: "full_name",
    schema: { type: "string", minLength: 3, maxLength: 80, description: "Full name of the person." },
  },
  title: { name: "title", schema: { type: "string", maxLength: 120, description: "Short title." } },
  note: {
    name: "note",
    schema: {
      anyOf: [{ type: "string", maxLength: 200 }, { type: "null" }],
      description: "Free-text note, or null for none.",
    },
  },
  query: { name: "query", schema: { type: "string", minLength: 2, description: "Words to search for." } },
  tags: {
    name: "tags",
    schema: {
      type: "array",
      items: { type: "string", maxLength: 30 },
      maxItems: 5,
      uniqueItems: true,
      description: "Labels to attach.",
    },
  },
  cuisine: {
    name: "cuisine",
    schema: {
      type: "string",
      enum: ["italian", "japanese", "mexican", "indian", "thai", "lebanese"],
      description: "Type of food.",
    },
  },
  genre: {
    name: "genre",
    schema: {
      type: "string",
      enum: ["jazz", "rock", "classical", "hip hop", "electronic"],
      description: "Music genre.",
    },
  },
  vegetarian: {
    name: "vegetarian_only",
    schema: { type: "boolean", description: "Only vegetarian options." },
  },
  refundable: { name: "refundable", schema: { type: "boolean", description: "Only refundable options." } },
  notify: { name: "notify", schema: { type: "boolean", description: "Send a confirmation message." } },
  reason: {
    name: "reason",
    schema: {
      type: "string",
      enum: ["changed_plans", "found_cheaper", "illness", "other"],
      description: "Why it is cancelled.",
    },
  },
  status: {
    name: "status",
    schema: { type: "string", enum: ["open", "in_progress", "done"], description: "Current state." },
  },
  ip: {
    name: "ip_address",
    schema: { type: "string", format: "ipv4", description: "IPv4 address of the device." },
  },
  uuid: {
    name: "request_id",
    schema: { type: "string", format: "uuid", description: "Idempotency key (UUID)." },
  },
  lat: {
    name: "latitude",
    schema: { type: "number", minimum: -90, maximum: 90, description: "Latitude in degrees." },
  },
  lon: {
    name: "longitude",
    schema: { type: "number", minimum: -180, maximum: 180, description: "Longitude in degrees." },
  },
  resolution: {
    name: "resolution",
    schema: { type: "integer", enum: [480, 720, 1080, 2160], description: "Vertical resolution in pixels." },
  },
  price_range: {
    name: "price_range",
    schema: {
      type: "object",
      description: "Price bounds in US dollars.",
      properties: {
        min: { type: "number", minimum: 0, maximum: 500, description: "Lowest price." },
        max: { type: "number", minimum: 500, maximum: 5000, description: "Highest price." },
      },
      required: ["max"],
    },
  },
  travellers: {
    name: "travellers",
    schema: {
      type: "array",
      description: "The people travelling.",
      minItems: 1,
      maxItems: 4,
      items: {
        type: "object",
        properties: {
          name: { type: "string", description: "Full name." },
          age: { type: "integer", minimum: 0, maximum: 110, description: "Age in years." },
        },
        required: ["name", "age"],
        additionalProperties: false,
      },
    },
  },
  items: {
    name: "line_items",
    schema: {
      type: "array",
      description: "What to order.",
      minItems: 1,
      maxItems: 3,
      items: {
        type: "object",
        properties: {
          product: { type: "string", description: "Product name." },
          quantity: { type: "integer", minimum: 1, maximum: 10, description: "How many." },
        },
        required: ["product", "quantity"],
      },
    },
  },
  window: {
    name: "time_window",
    schema: {
      type: "object",
      description: "Preferred window within the day.",
      properties: {
        from: { type: "string", format: "time", description: "Earliest time." },
        to: { type: "string", format: "time", description: "Latest time." },
      },
      required: ["from", "to"],
    },
  },
};
