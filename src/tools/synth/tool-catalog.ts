/**
 * What synthesised tools are made of. An entity belongs to a domain, is searched by some
 * parameters (codes of PARAMETER_KINDS, `?` for optional) and acted on with others; its actions
 * (search, details, create, cancel, ...) make the tools. Formulas are stand-alone computations
 * with numeric parameters and units, as in BFCL's maths and science questions.
 */
export interface Entity {
  domain: string;
  singular: string;
  plural: string;
  /** The verb that makes one: book, order, reserve, schedule, create, ... */
  create: string;
  filters: string[];
  fields: string[];
}

const e = (
  domain: string,
  singular: string,
  plural: string,
  create: string,
  filters: string,
  fields: string,
): Entity => ({
  domain,
  singular,
  plural,
  create,
  filters: filters.split(" "),
  fields: fields.split(" "),
});

export const ENTITIES: Entity[] = [
  e(
    "travel",
    "hotel",
    "hotels",
    "book",
    "city check_in check_out guests? price? stars? sort? limit?",
    "check_in nights guests name email? note?",
  ),
  e(
    "travel",
    "hostel",
    "hostels",
    "book",
    "city check_in nights? price? sort?",
    "check_in nights guests name",
  ),
  e(
    "travel",
    "flight",
    "flights",
    "book",
    "city date people? refundable? sort?",
    "travellers email refundable?",
  ),
  e("travel", "train", "trains", "book", "city date time? people?", "travellers email?"),
  e(
    "travel",
    "rental_car",
    "rental_cars",
    "reserve",
    "city start_date end_date price? sort?",
    "start_date end_date name phone?",
  ),
  e("travel", "tour", "tours", "book", "city date language? price?", "date people name email"),
  e("travel", "cruise", "cruises", "book", "country start_date budget? limit?", "travellers email note?"),
  e(
    "dining",
    "restaurant",
    "restaurants",
    "reserve",
    "city cuisine? people? rating? vegetarian? sort?",
    "date window people name phone? note?",
  ),
  e("dining", "recipe", "recipes", "save", "query cuisine? vegetarian? duration? limit?", "tags? note?"),
  e("dining", "food_delivery", "food_deliveries", "order", "address cuisine? price?", "items address note?"),
  e("dining", "wine", "wines", "order", "country price? rating?", "quantity address"),
  e(
    "shopping",
    "product",
    "products",
    "order",
    "query price_range? rating? sort? limit?",
    "quantity address email?",
  ),
  e("shopping", "gift_card", "gift_cards", "buy", "query? price?", "amount currency email note?"),
  e("shopping", "coupon", "coupons", "apply", "query percent?", "percent note?"),
  e("shopping", "return", "returns", "request", "start_date? end_date? status?", "reason note? notify?"),
  e("shopping", "grocery_item", "grocery_items", "add", "query vegetarian? price? limit?", "quantity note?"),
  e(
    "real_estate",
    "apartment",
    "apartments",
    "schedule_viewing_for",
    "city price? people? distance? sort?",
    "date window name phone",
  ),
  e("real_estate", "house", "houses", "request_info_on", "city budget? rating?", "name email note?"),
  e(
    "real_estate",
    "office_space",
    "office_spaces",
    "lease",
    "city people? price?",
    "start_date end_date email",
  ),
  e(
    "events",
    "concert",
    "concerts",
    "buy_tickets_for",
    "city genre? start_date? end_date? price?",
    "quantity email",
  ),
  e("events", "festival", "festivals", "register_for", "country start_date? genre?", "travellers email"),
  e("events", "conference", "conferences", "register_for", "query city? start_date?", "name email note?"),
  e("events", "movie_showtime", "movie_showtimes", "book", "city date time? language?", "quantity email"),
  e("events", "museum_exhibition", "museum_exhibitions", "book", "city date? language?", "date people email"),
  e(
    "health",
    "doctor",
    "doctors",
    "book_appointment_with",
    "city query? rating? distance? language?",
    "start_time name phone note?",
  ),
  e("health", "pharmacy", "pharmacies", "order_from", "city distance? limit?", "items address"),
  e("health", "fitness_class", "fitness_classes", "book", "city date? duration? limit?", "date time name"),
  e("health", "lab_test", "lab_tests", "schedule", "query city?", "date window name email"),
  e("finance", "account", "accounts", "open", "status? limit?", "name email currency"),
  e(
    "finance",
    "transaction",
    "transactions",
    "dispute",
    "start_date end_date amount? currency? limit?",
    "reason note?",
  ),
  e(
    "finance",
    "invoice",
    "invoices",
    "create",
    "status? start_date? end_date?",
    "amount currency email title note? uuid",
  ),
  e("finance", "stock", "stocks", "buy", "query sort? limit?", "quantity price? note? uuid?"),
  e("finance", "loan_offer", "loan_offers", "apply_for", "amount currency? duration?", "amount name email"),
  e(
    "finance",
    "budget_plan",
    "budget_plans",
    "create",
    "start_date? end_date?",
    "title amount currency tags?",
  ),
  e(
    "work",
    "task",
    "tasks",
    "create",
    "status? priority? query? limit?",
    "title priority? start_date? tags? note?",
  ),
  e(
    "work",
    "meeting",
    "meetings",
    "schedule",
    "start_date end_date? query?",
    "title start_time duration tags? note?",
  ),
  e("work", "ticket", "tickets", "open", "status? priority? query?", "title priority note?"),
  e("work", "document", "documents", "share", "query start_date? limit?", "email note? notify?"),
  e(
    "work",
    "job_posting",
    "job_postings",
    "apply_to",
    "query city? price? sort?",
    "name email website? note?",
  ),
  e("work", "timesheet", "timesheets", "submit", "start_date end_date", "duration note?"),
  e("home", "device", "devices", "register", "status? ip?", "title ip"),
  e("home", "thermostat", "thermostats", "configure", "query?", "temperature unit_system? window?"),
  e("home", "camera", "cameras", "configure", "status?", "resolution notify?"),
  e("home", "cleaner", "cleaners", "hire", "city rating? price?", "date window address"),
  e("home", "plumber", "plumbers", "hire", "city rating? distance?", "date address phone note?"),
  e("media", "song", "songs", "add_to_queue", "query genre? limit?", "quantity?"),
  e("media", "podcast", "podcasts", "subscribe_to", "query language? limit?", "notify?"),
  e("media", "book", "books", "reserve", "query language? rating? limit?", "name email"),
  e("media", "news_article", "news_articles", "save", "query language? start_date? limit?", "tags? note?"),
  e("media", "video", "videos", "download", "query resolution? duration?", "resolution"),
  e("education", "course", "courses", "enroll_in", "query language? price? rating?", "name email"),
  e(
    "education",
    "tutor",
    "tutors",
    "book_session_with",
    "query city? price? rating?",
    "start_time duration name",
  ),
  e("education", "library_room", "library_rooms", "reserve", "city date people?", "date window people"),
  e("transport", "bike", "bikes", "rent", "location distance?", "duration phone"),
  e(
    "transport",
    "parking_spot",
    "parking_spots",
    "reserve",
    "location start_time? price?",
    "start_time duration phone?",
  ),
  e(
    "transport",
    "charging_station",
    "charging_stations",
    "reserve",
    "lat lon distance?",
    "start_time duration",
  ),
  e("transport", "ride", "rides", "request", "location people?", "address people note?"),
  e("transport", "shipment", "shipments", "create", "status? start_date?", "address weight quantity? note?"),
  e(
    "pets",
    "vet_clinic",
    "vet_clinics",
    "book_visit_at",
    "city distance? rating?",
    "date window name phone note?",
  ),
  e("pets", "pet_sitter", "pet_sitters", "hire", "city price? rating?", "start_date end_date address"),
  e("sports", "tennis_court", "tennis_courts", "reserve", "city date? time?", "date time duration name"),
  e("sports", "match", "matches", "buy_tickets_for", "query city? start_date?", "quantity email"),
  e("sports", "gym", "gyms", "join", "city distance? price?", "name email start_date"),
  e(
    "outdoors",
    "campsite",
    "campsites",
    "reserve",
    "country start_date end_date? people?",
    "start_date nights people name",
  ),
  e(
    "outdoors",
    "hiking_trail",
    "hiking_trails",
    "save",
    "location distance? rating? duration?",
    "tags? note?",
  ),
  e(
    "outdoors",
    "ski_pass",
    "ski_passes",
    "buy",
    "country start_date? price?",
    "start_date nights? travellers",
  ),
  e("government", "permit", "permits", "apply_for", "city query?", "name address email note?"),
  e("government", "tax_form", "tax_forms", "file", "query start_date?", "name amount currency"),
  e("insurance", "policy", "policies", "buy", "query price? start_date?", "start_date name email"),
  e("insurance", "claim", "claims", "file", "status? start_date?", "amount currency reason note?"),
];

/**
 * The actions made for every entity: the tool name's verb part (`{s}` the singular, `{p}` the
 * plural, `{c}` the entity's create verb), what it does, and which parameters it takes
 * (`id` the entity's id, `filters`/`fields` the entity's lists, other codes as themselves).
 */
export const ACTIONS: Array<{ name: string; does: string; params: string[] }> = [
  { name: "search_{p}", does: "Search {P} {where} by {by}.", params: ["filters"] },
  {
    name: "get_{s}_details",
    does: "Get the full details of one {S}: description, prices and availability.",
    params: ["id", "language?"],
  },
  { name: "{c}_{s}", does: "{C} a {S} for the user and return a confirmation.", params: ["id", "fields"] },
  {
    name: "cancel_{s}_booking",
    does: "Cancel an existing {S} booking and release it.",
    params: ["id", "reason?", "notify?"],
  },
  { name: "update_{s}", does: "Change the saved details of a {S}.", params: ["id", "fields"] },
  {
    name: "rate_{s}",
    does: "Leave a star rating and a short review for a {S}.",
    params: ["id", "rating", "note?"],
  },
  {
    name: "check_{s}_availability",
    does: "Check whether a {S} is free on a given day.",
    params: ["id", "date", "people?"],
  },
  {
    name: "list_{s}_reviews",
    does: "List recent reviews of a {S}, newest first.",
    params: ["id", "limit?", "language?"],
  },
  {
    name: "find_{p}_nearby",
    does: "Find {P} close to a point on the map.",
    params: ["lat", "lon", "distance?", "limit?"],
  },
  {
    name: "get_{s}_price_history",
    does: "Show how the price of a {S} changed over a period.",
    params: ["id", "start_date", "end_date", "currency?"],
  },
  { name: "compare_{p}", does: "Compare several {P} side by side on price and rating.", params: ["ids"] },
  {
    name: "share_{s}",
    does: "Send the details of a {S} to someone by email.",
    params: ["id", "email", "note?"],
  },
];

/**
 * Stand-alone computations: name, description, parameters (code or inline `name:type:unit:description`).
 * Named unlike BFCL's functions (no `calculate_triangle_area`): BFCL is the held-out benchmark.
 */
export const FORMULAS: Array<{ name: string; does: string; params: string[] }> = [
  {
    name: "area_of_triangle",
    does: "Calculate the area of a triangle from its base and height.",
    params: [
      "base:number:units:Length of the base.",
      "height:number:units:Height of the triangle.",
      "unit?:enum(cm,m,in,ft):-:Unit of both lengths.",
    ],
  },
  {
    name: "area_of_circle",
    does: "Calculate the area of a circle from its radius.",
    params: ["radius:number:units:Radius of the circle."],
  },
  {
    name: "project_savings_growth",
    does: "Compute the final balance of a deposit with compound interest.",
    params: [
      "principal:number:dollars:Amount deposited.",
      "rate:number:percent:Annual interest rate in percent.",
      "years:integer:years:How many years.",
      "compounds_per_year?:enum(1,4,12,365):-:Times interest is added per year.",
    ],
  },
  {
    name: "exchange_money_amount",
    does: "Convert an amount of money from one currency to another at today's rate.",
    params: [
      "amount",
      "from_currency:code:-:Currency to convert from (ISO 4217).",
      "to_currency:code:-:Currency to convert to (ISO 4217).",
    ],
  },
  {
    name: "body_mass_index",
    does: "Calculate the body mass index from weight and height.",
    params: ["weight", "height_cm:number:cm:Height in centimetres."],
  },
  {
    name: "estimate_road_trip_fuel",
    does: "Estimate the fuel cost of a road trip.",
    params: [
      "distance_km:number:km:Trip distance in kilometres.",
      "consumption:number:litres per 100 km:Fuel use in litres per 100 km.",
      "fuel_price:number:dollars:Price of one litre.",
    ],
  },
  {
    name: "travel_time_at_speed",
    does: "Estimate how long a trip takes at a constant speed.",
    params: [
      "distance_km:number:km:Distance in kilometres.",
      "speed_kmh:number:km/h:Average speed in km per hour.",
    ],
  },
  {
    name: "split_bill_with_tip",
    does: "Split a restaurant bill with a tip between several people.",
    params: [
      "bill_amount:number:dollars:Total of the bill.",
      "tip_percent:integer:percent:Tip in percent.",
      "people?:integer:people:How many people share it.",
    ],
  },
  {
    name: "newton_force",
    does: "Compute the force from mass and acceleration (Newton's second law).",
    params: [
      "mass:number:kg:Mass in kilograms.",
      "acceleration:number:m/s²:Acceleration in metres per second squared.",
    ],
  },
  {
    name: "kinetic_energy_of_body",
    does: "Compute the kinetic energy of a moving body.",
    params: ["mass:number:kg:Mass in kilograms.", "velocity:number:m/s:Speed in metres per second."],
  },
  {
    name: "monthly_loan_installment",
    does: "Compute the monthly payment of a fixed-rate loan.",
    params: [
      "principal:number:dollars:Amount borrowed.",
      "annual_rate:number:percent:Annual interest rate in percent.",
      "months:integer:months:Length of the loan in months.",
    ],
  },
  {
    name: "temperature_scale_conversion",
    does: "Convert a temperature between Celsius, Fahrenheit and Kelvin.",
    params: [
      "value:number:degrees:The temperature to convert.",
      "from_scale:enum(celsius,fahrenheit,kelvin):-:Scale of the value.",
      "to_scale:enum(celsius,fahrenheit,kelvin):-:Scale wanted.",
    ],
  },
  {
    name: "perimeter_of_rectangle",
    does: "Calculate the perimeter of a rectangle.",
    params: ["length:number:units:Length of the rectangle.", "width:number:units:Width of the rectangle."],
  },
  {
    name: "average_speed_from_trip",
    does: "Compute average speed from distance and time.",
    params: ["distance:number:km:Distance covered in kilometres.", "hours:number:hours:Time taken in hours."],
  },
  {
    name: "factorize_integer",
    does: "List the prime factors of a whole number.",
    params: ["number:integer:-:The number to factor."],
  },
  {
    name: "greatest_common_divisor",
    does: "Find the greatest common divisor of two integers.",
    params: ["a:integer:-:First number.", "b:integer:-:Second number."],
  },
  {
    name: "spread_of_numbers",
    does: "Compute the standard deviation of a list of numbers.",
    params: ["values:numbers:-:The numbers."],
  },
  {
    name: "activity_calorie_estimate",
    does: "Estimate calories burned by an activity.",
    params: ["activity:enum(running,cycling,swimming,walking):-:The activity.", "duration", "weight"],
  },
  {
    name: "mortgage_affordability_check",
    does: "Estimate the largest mortgage a household can afford.",
    params: [
      "annual_income:number:dollars:Gross yearly income.",
      "monthly_debts:number:dollars:Existing monthly debt payments.",
      "rate:number:percent:Interest rate in percent.",
    ],
  },
  {
    name: "wall_paint_estimate",
    does: "Estimate litres of paint needed for a wall.",
    params: [
      "area_m2:number:square metres:Wall area in square metres.",
      "coats?:integer:coats:Number of coats.",
    ],
  },
];

/** Where each domain's searches look, for descriptions. */
export const DOMAIN_PLACES: Record<string, string> = {
  travel: "for a trip",
  dining: "to eat",
  shopping: "in the online store",
  real_estate: "on the property market",
  events: "happening soon",
  health: "that provide care",
  finance: "in the user's banking data",
  work: "in the team workspace",
  home: "in the smart home",
  media: "in the media library",
  education: "for learning",
  transport: "for getting around",
  pets: "for pets",
  sports: "for sport",
  outdoors: "outdoors",
  government: "at public offices",
  insurance: "with the insurer",
};

/** Providers that prefix a tool when the plain combinations run out (`acme_travel.search_hotels`). */
export const VENDORS = [
  "acme",
  "globex",
  "initech",
  "hooli",
  "vandelay",
  "umbrella",
  "stark",
  "wonka",
  "tyrell",
  "cyberdyne",
];
