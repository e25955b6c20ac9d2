import type { SeededRandom } from "../../random/seeded-random.js";

const FIRST = [
  "Ana",
  "Bilal",
  "Chen",
  "Dara",
  "Elena",
  "Femi",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kavya",
  "Liam",
  "Maya",
  "Noor",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Victor",
  "Wen",
  "Yara",
  "Zoe",
];
const LAST = [
  "Okafor",
  "Silva",
  "Tanaka",
  "Novak",
  "Haddad",
  "Lindqvist",
  "Moreau",
  "Kowalski",
  "Mensah",
  "Ortiz",
  "Patel",
  "Reyes",
  "Schmidt",
  "Nguyen",
  "Adeyemi",
  "Costa",
];

/**
 * Value pools chosen by parameter name and description. The first rule whose pattern matches
 * `name description` wins, so specific rules come before general ones.
 */
const POOLS: Array<[RegExp, readonly string[] | ((random: SeededRandom) => string)]> = [
  [
    /airport|iata|origin|destination/,
    ["JFK", "LHR", "CDG", "NRT", "SFO", "DXB", "SIN", "FRA", "AMS", "YYZ", "SYD", "GRU", "LIS", "ICN"],
  ],
  [/currenc/, ["USD", "EUR", "JPY", "GBP", "CHF", "CAD", "AUD", "INR", "BRL", "SEK"]],
  [
    /ticker|stock symbol|symbol/,
    ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL", "ASML", "SAP", "TM", "SHOP"],
  ],
  [
    /country/,
    ["Portugal", "Japan", "Kenya", "Canada", "Australia", "Germany", "India", "Brazil", "Norway", "Mexico"],
  ],
  [
    /city|town|location|place|destination/,
    [
      "Paris",
      "Tokyo",
      "Lisbon",
      "Nairobi",
      "Toronto",
      "Sydney",
      "Berlin",
      "Mumbai",
      "Austin",
      "Seoul",
      "Buenos Aires",
      "Cape Town",
      "Oslo",
      "Vancouver",
      "Kyoto",
      "Prague",
      "Dublin",
      "Singapore",
    ],
  ],
  [
    /address|street/,
    [
      "12 Harbour Road",
      "221 Baker Street",
      "5 Rue Cler",
      "48 Elm Avenue",
      "9 Kings Parade",
      "300 Lake Shore Drive",
      "17 Via Roma",
    ],
  ],
  [
    /email|recipient/,
    (random) => `${random.pick(FIRST).toLowerCase()}.${random.pick(LAST).toLowerCase()}@example.com`,
  ],
  [/phone/, (random) => `+1-555-${String(random.int(1000, 9999))}`],
  [
    /name of the (person|guest|contact|patient|attendee)|full name|person|guest|contact|attendee|patient|passenger|name/,
    (random) => `${random.pick(FIRST)} ${random.pick(LAST)}`,
  ],
  [
    /artist|band|singer/,
    [
      "Nina Simone",
      "Daft Punk",
      "Fela Kuti",
      "Bjork",
      "Miles Davis",
      "Radiohead",
      "Rosalia",
      "Ryuichi Sakamoto",
    ],
  ],
  [
    /song|track/,
    [
      "Blue in Green",
      "Harder Better Faster",
      "Water No Get Enemy",
      "Jóga",
      "Feeling Good",
      "Reckoner",
      "Malamente",
    ],
  ],
  [/album/, ["Kind of Blue", "Discovery", "Homogenic", "In Rainbows", "El Mal Querer"]],
  [/playlist/, ["Morning Focus", "Road Trip", "Late Night Jazz", "Workout Mix", "Rainy Day"]],
  [/genre/, ["jazz", "electronic", "afrobeat", "classical", "indie rock", "hip hop", "flamenco"]],
  [/cuisine/, ["Italian", "Japanese", "Ethiopian", "Mexican", "Lebanese", "Thai", "Peruvian"]],
  [
    /product|item/,
    [
      "noise-cancelling headphones",
      "espresso machine",
      "trail running shoes",
      "mechanical keyboard",
      "standing desk",
      "rain jacket",
      "smart watch",
      "cast iron skillet",
    ],
  ],
  [
    /company|employer|organi[sz]ation|brand/,
    ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Wayne Logistics"],
  ],
  [/language/, ["Spanish", "Japanese", "French", "Swahili", "German", "Portuguese", "Korean"]],
  [
    /device|appliance|room/,
    [
      "living room lamp",
      "kitchen lights",
      "bedroom thermostat",
      "garage door",
      "hallway speaker",
      "office fan",
    ],
  ],
  [/symptom/, ["headache", "sore throat", "back pain", "fatigue", "fever", "dizziness"]],
  [/medication|drug|medicine/, ["ibuprofen", "amoxicillin", "loratadine", "metformin", "omeprazole"]],
  [
    /subject|title|headline/,
    [
      "Quarterly planning",
      "Trip itinerary",
      "Invoice follow-up",
      "Team offsite",
      "Project kickoff",
      "Lunch on Friday",
    ],
  ],
  [
    /body|message|content|note|text|comment|description/,
    [
      "Please see the details below",
      "Looking forward to it",
      "Can we move this to next week",
      "Thanks for the quick reply",
      "Running ten minutes late",
    ],
  ],
  [
    /query|keyword|search|term|topic/,
    ["vegan recipes", "museum tickets", "hiking trails", "jazz concerts", "coworking spaces", "bike rental"],
  ],
  [/color|colour/, ["red", "blue", "green", "warm white", "purple", "amber"]],
  [/team/, ["Lakers", "Arsenal", "Yankees", "Flamengo", "Maple Leafs"]],
  [/hotel/, ["Grand Central Hotel", "Harbour View Inn", "Sakura Ryokan", "Alpine Lodge"]],
  [/event/, ["jazz festival", "tech meetup", "book signing", "marathon", "food market"]],
];

const ADJECTIVES = ["blue", "quiet", "rapid", "golden", "northern", "bright", "urban", "green"];
const NOUNS = ["harbor", "summit", "garden", "bridge", "canyon", "market", "studio", "meadow"];

/** A realistic string for a parameter, from the pool its name and description point to. */
export function pooledString(name: string, description: string, random: SeededRandom): string {
  const key = `${name.replace(/_/g, " ")} ${description}`.toLowerCase();
  for (const [pattern, pool] of POOLS) {
    if (pattern.test(key)) return typeof pool === "function" ? pool(random) : random.pick(pool);
  }
  return `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`;
}
